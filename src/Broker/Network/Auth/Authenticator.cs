using ActorRooms.Broker.Network.Output;
using ActorRooms.Broker.Network.Replies;
using ActorRooms.Broker.Network.Session;
using ActorRooms.Broker.Security;
using ActorRooms.Broker.Stats;
using ActorRooms.Protocol.Resp;
using Akka.Event;

namespace ActorRooms.Broker.Network.Auth;

/// <summary>
/// A connection's authentication: the users in force, logging in (AUTH, HELLO AUTH, the open default user), the
/// failed-AUTH brake (each WRONGPASS is delayed, longer each time, and the last allowed failure closes), and what a
/// users reload means for the user logged in.
/// </summary>
public sealed class Authenticator(ClientState client, ReplyPipeline replies, AuthFailureBackoff brake, BrokerCounters counters, ILoggingAdapter log, UserDirectory users)
{
    private AwaitedReply? _delayedReply;

    /// <summary>What a users reload did to this connection's user.</summary>
    public enum ReloadOutcome
    {
        /// <summary>Nothing to do (the same set, or not logged in).</summary>
        Unchanged,

        /// <summary>The user is still there: its new rules apply from now on.</summary>
        RulesChanged,

        /// <summary>The user was removed or disabled: the connection must close.</summary>
        Revoked,
    }

    /// <summary>The users in force on this connection.</summary>
    public UserDirectory Users { get; private set; } = users;

    /// <summary>Failed attempts on this connection.</summary>
    public int Failures { get; private set; }

    /// <summary>Back to the state of a new connection: the open default user, or nobody until AUTH.</summary>
    public void StartUnauthenticated()
    {
        if (Users.IsOpen)
        {
            client.LogIn(BrokerUser.OpenDefault);
        }
        else
        {
            client.LogOut();
        }
    }

    /// <summary>
    /// Logs in as <paramref name="name"/> when the password is right and returns null. Otherwise queues the WRONGPASS
    /// reply (and, at the last allowed failure, the closing error), which waits until <see cref="ReleaseDelayedReply"/>,
    /// and returns how long the connection must pause before it.
    /// </summary>
    public TimeSpan? TryAuthenticate(string name, ReadOnlySpan<byte> password, bool suppressed)
    {
        if (Users.Authenticate(name, password) is { } user)
        {
            client.LogIn(user);
            return null;
        }

        Failures++;
        counters.AuthFailed();
        log.Info("Client id={0} addr={1}: failed AUTH as '{2}' ({3} of {4} allowed on this connection)", client.Id, client.RemoteAddress, name, Failures, brake.MaxFailures);
        var reply = new AwaitedReply(1, suppressed);
        RespWriter.Error(reply.Bytes, ErrorReplies.WrongPass);
        replies.Add(reply);
        if (brake.IsLast(Failures))
        {
            // Written even under CLIENT REPLY OFF: it says why the connection is about to close.
            var closing = new AwaitedReply(0, suppressed: false);
            RespWriter.Error(closing.Bytes, $"ERR too many failed authentication attempts ({brake.MaxFailures}); connection closed");
            replies.Add(closing);
        }

        _delayedReply = reply;
        return brake.DelayAfter(Failures);
    }

    /// <summary>What follows a delayed WRONGPASS.</summary>
    public enum Release
    {
        /// <summary>No WRONGPASS was waiting.</summary>
        None,

        /// <summary>Run what the client sent after the failed AUTH.</summary>
        Resume,

        /// <summary>That was the last failure allowed: close the connection (counted and logged).</summary>
        Close,
    }

    /// <summary>The delayed WRONGPASS is due: it may leave now. Says whether the connection resumes or closes.</summary>
    public Release ReleaseDelayedReply()
    {
        if (_delayedReply is null)
        {
            return Release.None;
        }

        _delayedReply.Outstanding = 0;
        _delayedReply = null;
        if (!brake.IsLast(Failures))
        {
            return Release.Resume;
        }

        counters.AuthFailureDisconnected();
        log.Warning("Client id={0} addr={1} closed after {2} failed AUTH attempts", client.Id, client.RemoteAddress, Failures);
        return Release.Close;
    }

    /// <summary>
    /// A reload: the connection's user is looked up again by name. <paramref name="revoked"/> names what happened to a
    /// user that is gone (<c>removed</c>) or <c>disabled</c>.
    /// </summary>
    public ReloadOutcome Apply(UserDirectory reloaded, out string? revoked)
    {
        revoked = null;
        if (ReferenceEquals(reloaded, Users))
        {
            return ReloadOutcome.Unchanged;
        }

        Users = reloaded;
        if (client.User is not { } current)
        {
            // Not logged in: with no users left the broker is open, and so is this connection.
            if (reloaded.IsOpen)
            {
                client.LogIn(BrokerUser.OpenDefault);
            }

            return ReloadOutcome.Unchanged;
        }

        var updated = reloaded.Find(current.Name);
        if (updated is not { Enabled: true })
        {
            revoked = updated is null ? "removed" : "disabled";
            return ReloadOutcome.Revoked;
        }

        client.LogIn(updated);
        return ReloadOutcome.RulesChanged;
    }
}
