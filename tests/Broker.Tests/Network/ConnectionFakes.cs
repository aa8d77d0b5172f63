using System.Text;
using ActorRooms.Broker.Cluster;
using ActorRooms.Broker.Hosting;
using ActorRooms.Broker.Network.Output;
using ActorRooms.Broker.Network.Session;
using ActorRooms.Broker.Security;
using ActorRooms.Broker.Stats;
using ActorRooms.Protocol.Resp;
using Akka.Actor;
using Akka.Event;

namespace ActorRooms.Broker.Tests.Network;

/// <summary>An actor reference without an actor system: it records what is told to it, so plain classes are tested without TestKit.</summary>
internal sealed class RecordingRef(string name) : MinimalActorRef
{
    public List<object> Received { get; } = [];

    public override ActorPath Path { get; } = new RootActorPath(new Address("akka", "test")) / name;

    public override IActorRefProvider Provider => null!;

    public T Last<T>() => Received.OfType<T>().Last();

    protected override void TellInternal(object message, IActorRef sender) => Received.Add(message);
}

/// <summary>The connection actor's side, recorded: what its parts asked of it.</summary>
internal sealed class FakeHost : IConnectionHost
{
    public IActorRef Self { get; } = new RecordingRef("connection");

    public int CloseRequests { get; private set; }

    public int Flushes { get; private set; }

    public List<TimeSpan> AuthPauses { get; } = [];

    public List<string> Shed { get; } = [];

    public List<IActorRef> Watched { get; } = [];

    public void RequestClose() => CloseRequests++;

    public void Flush() => Flushes++;

    public void PauseForFailedAuth(TimeSpan delay) => AuthPauses.Add(delay);

    public void ShedSlowConsumer(string reason) => Shed.Add(reason);

    public ClusterView? CurrentClusterView() => null;

    public void Watch(IActorRef actor) => Watched.Add(actor);

    public void Unwatch(IActorRef actor) => Watched.Remove(actor);
}

/// <summary>A <see cref="ConnectionSession"/> wired to recording peers, for specs of the plain parts and the commands.</summary>
internal sealed class SessionHarness
{
    public SessionHarness(BrokerSettings? settings = null, UserDirectory? users = null)
    {
        var brokerSettings = settings ?? TestSettings.Default;
        Session = new ConnectionSession(
            Host,
            new ClientState(7, "127.0.0.1:50000", "127.0.0.1:6380", DateTime.UtcNow),
            brokerSettings,
            Counters,
            new ConnectionPeers(Rooms, Clients, ActorRefs.Nobody),
            users ?? brokerSettings.Security.Users,
            new RespRequestReader(brokerSettings.Limits),
            NoLogger.Instance);
        Session.Auth.StartUnauthenticated();
    }

    public FakeHost Host { get; } = new();

    public RecordingRef Rooms { get; } = new("rooms");

    public RecordingRef Clients { get; } = new("clients");

    public BrokerCounters Counters { get; } = new();

    public ConnectionSession Session { get; }

    /// <summary>The replies completed so far, as text.</summary>
    public string TakeReplies() => Encoding.Latin1.GetString(Session.Replies.TakeCompleted().ToArray());

    /// <summary>A command's name and arguments as the request reader hands them over.</summary>
    public static List<ReadOnlyMemory<byte>> Command(params string[] parts) => [.. parts.Select(p => (ReadOnlyMemory<byte>)Encoding.Latin1.GetBytes(p))];

    /// <summary>A reply that waits for nothing, to collect frames into.</summary>
    public static AwaitedReply Reply() => new(0, suppressed: false);
}
