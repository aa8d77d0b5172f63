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
public sealed class UsersActor : ReceiveActor, IWithUnboundedStash
{
    private const string Unchanged = "; the users in force are unchanged";
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
        Idle();
    }

    public IStash Stash { get; set; } = null!;

    /// <summary>Props for the users actor of a broker started with <paramref name="settings"/>.</summary>
    public static Props Props(BrokerSettings settings) => Akka.Actor.Props.Create(() => new UsersActor(settings));

    private void Idle() => Receive<ReloadUsers>(StartReading);

    // While a file is read, further reloads wait: each then reads the file as it is by its turn.
    private void Reading()
    {
        Receive<UsersRead>(read =>
        {
            read.Requester.Tell(Apply(read));
            Stash.UnstashAll();
            Become(Idle);
        });
        Receive<ReloadUsers>(_ => Stash.Stash());
    }

    private void StartReading(ReloadUsers reload)
    {
        if (_configFile is null)
        {
            Sender.Tell(Refused(reload.RequestId, "This broker was not started with --config FILE, so there is no file to reload users from"));
            return;
        }

        // Off this actor's thread: the file is checked and parsed on a worker, bounded in size and time
        // (HoconFile), so a malformed file answers with an error and never stalls the broker.
        var file = _configFile;
        var requester = Sender;
        _ = Task.Run(() => Read(file)).PipeTo(
            Self,
            success: result => result with { RequestId = reload.RequestId, Requester = requester },
            failure: e => new UsersRead(reload.RequestId, requester, null, e.Message));
        Become(Reading);
    }

    private static UsersRead Read(string file)
    {
        try
        {
            return new UsersRead(0, ActorRefs.Nobody, SecuritySettings.ReadUsers(BrokerConfiguration.Load(file)), null);
        }
        catch (ConfigurationException e)
        {
            return new UsersRead(0, ActorRefs.Nobody, null, e.Message);
        }
    }

    private UsersReloaded Apply(UsersRead read)
    {
        if (read.Users is not { } users)
        {
            return Refused(read.RequestId, read.Error ?? "the file could not be read");
        }

        if (SecuritySettings.ProtectedModeProblem(_bind, users, _protectedMode) is { } problem)
        {
            return Refused(read.RequestId, problem);
        }

        _users = users;
        _log.Info("Users reloaded from {0}: {1}", _configFile, users.IsOpen ? "none (open)" : string.Join(", ", users.Users.Select(u => u.Name)));
        Context.System.EventStream.Publish(new UsersChanged(users));
        return new UsersReloaded(read.RequestId, users, null);
    }

    // Every refusal says the same thing about the users in force, whatever the reason.
    private UsersReloaded Refused(long requestId, string reason)
    {
        var message = reason.TrimEnd('.') + Unchanged;
        _log.Warning("Users not reloaded: {0}", message);
        return new UsersReloaded(requestId, _users, message);
    }

    private sealed record UsersRead(long RequestId, IActorRef Requester, UserDirectory? Users, string? Error);
}
