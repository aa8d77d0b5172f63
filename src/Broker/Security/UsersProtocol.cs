namespace ActorRooms.Broker.Security;

/// <summary>ACL LOAD (or SIGHUP, with no request id worth answering): read the users again; answered with <see cref="UsersReloaded"/>.</summary>
public sealed record ReloadUsers(long RequestId);

/// <summary>The outcome of <see cref="ReloadUsers"/>: the users now in force, or why the old ones stay.</summary>
public sealed record UsersReloaded(long RequestId, UserDirectory Users, string? Error);

/// <summary>
/// Published on the event stream after a successful reload: the listener keeps it for new connections and passes
/// it to every connection, which re-checks its user and its subscriptions.
/// </summary>
public sealed record UsersChanged(UserDirectory Users);
