using System.Net;
using ActorRooms.Broker.Hosting;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;

namespace ActorRooms.Broker.Security;

/// <summary>
/// The <c>users</c> actor: owns the user set in force and reloads it (ACL LOAD, SIGHUP) from the HOCON sources the
/// broker started with — the shipped defaults plus the <c>--config</c> file. A file that is missing, malformed or
/// wrong leaves the old users in place and the requester is told why; a good one is published as
/// <see cref="UsersChanged"/> for the listener to pass to every connection.
/// </summary>
public sealed class UsersActor : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly string? _configFile;
    private readonly IPAddress _bind;
    private readonly bool _protectedMode;
    private UserDirectory _users;

    public UsersActor(BrokerSettings settings)
    {
        _configFile = settings.ConfigFile;
        _bind = settings.Bind;
        _protectedMode = settings.Security.ProtectedMode;
        _users = settings.Security.Users;
        Receive<ReloadUsers>(reload => Sender.Tell(Reload(reload.RequestId)));
    }

    /// <summary>Props for the users actor of a broker started with <paramref name="settings"/>.</summary>
    public static Props Props(BrokerSettings settings) => Akka.Actor.Props.Create(() => new UsersActor(settings));

    private UsersReloaded Reload(long requestId)
    {
        if (_configFile is null)
        {
            return Refused(requestId, "This broker was not started with --config FILE, so there is no file to reload users from");
        }

        UserDirectory users;
        try
        {
            // A small file read on this actor's thread: reloads are rare and nothing waits behind this actor.
            users = SecuritySettings.ReadUsers(BrokerConfiguration.Load(_configFile));
        }
        catch (ConfigurationException e)
        {
            return Refused(requestId, $"{e.Message.TrimEnd('.')}; the users in force are unchanged");
        }

        if (SecuritySettings.ProtectedModeProblem(_bind, users, _protectedMode) is { } problem)
        {
            return Refused(requestId, $"{problem.TrimEnd('.')}; the users in force are unchanged");
        }

        _users = users;
        _log.Info("Users reloaded from {0}: {1}", _configFile, users.IsOpen ? "none (open)" : string.Join(", ", users.Users.Select(u => u.Name)));
        Context.System.EventStream.Publish(new UsersChanged(users));
        return new UsersReloaded(requestId, users, null);
    }

    private UsersReloaded Refused(long requestId, string reason)
    {
        _log.Warning("Users not reloaded: {0}", reason);
        return new UsersReloaded(requestId, _users, reason);
    }
}
