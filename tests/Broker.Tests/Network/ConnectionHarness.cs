using System.Net;
using System.Text;
using ActorRooms.Broker.Hosting;
using ActorRooms.Broker.Network;
using ActorRooms.Broker.Stats;
using Akka.Actor;
using Akka.IO;
using Akka.TestKit;

namespace ActorRooms.Broker.Tests.Network;

/// <summary>
/// A <see cref="ClientConnectionActor"/> wired to probes: <see cref="Tcp"/> stands in for the Akka.IO connection,
/// <see cref="Rooms"/> for the room registry and <see cref="Clients"/> for the client directory.
/// </summary>
internal sealed class ConnectionHarness
{
    private ConnectionHarness(TestKitBase kit, BrokerSettings settings)
    {
        Tcp = kit.CreateTestProbe("tcp");
        Rooms = kit.CreateTestProbe("rooms");
        Clients = kit.CreateTestProbe("clients");
        Counters = new BrokerCounters();
        Connection = kit.Sys.ActorOf(ClientConnectionActor.Props(
            Tcp.Ref,
            1,
            new IPEndPoint(IPAddress.Loopback, 50000),
            new IPEndPoint(IPAddress.Loopback, 6380),
            settings,
            Rooms.Ref,
            Clients.Ref,
            Counters));
    }

    public TestProbe Tcp { get; }

    public TestProbe Rooms { get; }

    public TestProbe Clients { get; }

    public BrokerCounters Counters { get; }

    public IActorRef Connection { get; }

    /// <summary>Starts the actor and checks its opening moves: Register, then the first read.</summary>
    public static async Task<ConnectionHarness> StartAsync(TestKitBase kit, BrokerSettings settings)
    {
        var harness = new ConnectionHarness(kit, settings);
        await harness.Tcp.ExpectMsgAsync<Tcp.Register>();
        await harness.Tcp.ExpectMsgAsync<Tcp.ResumeReading>();
        return harness;
    }

    /// <summary>One socket read from the client.</summary>
    public void Receive(string text) => Connection.Tell(new Tcp.Received(ByteString.FromBytes(Encoding.Latin1.GetBytes(text))), Tcp.Ref);

    /// <summary>HELLO 3 (ROOM.JOIN needs RESP3), its reply read and acknowledged.</summary>
    public async Task SwitchToResp3Async()
    {
        Receive("HELLO 3\r\n");
        var write = await NextWriteAsync();
        Connection.Tell(write.Ack, Tcp.Ref);
        await Tcp.FishForMessageAsync<Tcp.ResumeReading>(_ => true);
    }

    /// <summary>Takes the next write without acknowledging it.</summary>
    public async Task<Tcp.Write> NextWriteAsync() => await Tcp.FishForMessageAsync<Tcp.Write>(_ => true);

    /// <summary>Acknowledges writes as the socket would and returns what was written, until <paramref name="expectedLength"/> bytes.</summary>
    public async Task<string> ReadAsync(int expectedLength)
    {
        var text = new StringBuilder();
        while (text.Length < expectedLength)
        {
            var write = await NextWriteAsync();
            text.Append(Encoding.Latin1.GetString(write.Data.ToArray()));
            Connection.Tell(write.Ack, Tcp.Ref);
        }

        return text.ToString();
    }
}
