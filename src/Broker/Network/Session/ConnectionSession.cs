using ActorRooms.Broker.ClientDirectory;
using ActorRooms.Broker.Hosting;
using ActorRooms.Broker.Network.Auth;
using ActorRooms.Broker.Network.Feeds;
using ActorRooms.Broker.Network.Output;
using ActorRooms.Broker.Network.PubSub;
using ActorRooms.Broker.Network.Routing;
using ActorRooms.Broker.Rooms;
using ActorRooms.Broker.Security;
using ActorRooms.Broker.Stats;
using ActorRooms.Protocol.Resp;
using Akka.Event;

namespace ActorRooms.Broker.Network.Session;

/// <summary>
/// The parts of one connection, wired together: client state, output, queries, room routing, subscriptions, publish
/// batching, room feeds and authentication, with the few operations that span several of them. Commands get it
/// through their <see cref="Commands.CommandContext"/>; the connection actor owns it.
/// </summary>
public sealed class ConnectionSession
{
    public ConnectionSession(
        IConnectionHost host,
        ClientState client,
        BrokerSettings settings,
        BrokerCounters counters,
        ConnectionPeers peers,
        UserDirectory users,
        RespRequestReader reader,
        ILoggingAdapter log,
        bool countsWireBytes = true)
    {
        Host = host;
        Client = client;
        Settings = settings;
        Counters = counters;
        Peers = peers;
        Reader = reader;
        Log = log;
        Output = new ConnectionOutput(settings, counters, countsWireBytes);
        Queries = new PendingQueries(Output.Replies);
        Router = new RoomRouter(peers.Rooms, host.Self, settings.RoomCacheSize, host, IsMemberOf);
        Subscriptions = new Subscriptions(Router, client, host.Self, settings.MaxSubscriptions, () => Feeds!.Count);
        Publisher = new PublishBatcher(Router, Output.Replies);
        Feeds = new RoomFeeds(Output, Router, client, settings, counters, () => Subscriptions.Count, host.ShedSlowConsumer);
        Auth = new Authenticator(client, Output.Replies, settings.Security.AuthFailures, counters, log, users);
    }

    public IConnectionHost Host { get; }

    public ClientState Client { get; }

    public BrokerSettings Settings { get; }

    public BrokerCounters Counters { get; }

    public ConnectionPeers Peers { get; }

    /// <summary>The request reader (its buffered bytes are CLIENT LIST's qbuf).</summary>
    public RespRequestReader Reader { get; }

    public ILoggingAdapter Log { get; }

    public ConnectionOutput Output { get; }

    /// <summary>The replies of this connection, in request order.</summary>
    public ReplyPipeline Replies => Output.Replies;

    public PendingQueries Queries { get; }

    public RoomRouter Router { get; }

    public Subscriptions Subscriptions { get; }

    public PublishBatcher Publisher { get; }

    public RoomFeeds Feeds { get; }

    public Authenticator Auth { get; }

    /// <summary>CLIENT KILL ip:port requests, answered +OK / -ERR No such client rather than with a count.</summary>
    public HashSet<long> KillsByAddress { get; } = [];

    /// <summary>Leaves every channel, pattern and room feed; <paramref name="reply"/> waits until the rooms have let go.</summary>
    public void LeaveAll(AwaitedReply reply)
    {
        Publisher.SendAll();
        Subscriptions.LeaveAll(reply);
        Feeds.LeaveAll(reply);
    }

    /// <summary>After HELLO changed the protocol: every room re-registers this member in the new version.</summary>
    public void RejoinInProtocol(AwaitedReply reply)
    {
        Publisher.SendAll();
        Subscriptions.RejoinInProtocol(reply);
        Feeds.RejoinInProtocol(reply);
    }

    /// <summary>
    /// Logs in as <paramref name="name"/>; on a wrong password the connection pauses until its delayed WRONGPASS is
    /// due. Returns true when logged in.
    /// </summary>
    public bool TryAuthenticate(string name, ReadOnlySpan<byte> password, bool suppressed)
    {
        if (Auth.TryAuthenticate(name, password, suppressed) is not { } delay)
        {
            return true;
        }

        Host.PauseForFailedAuth(delay);
        return false;
    }

    /// <summary>
    /// After a users reload kept this connection's user: subscriptions its new rules no longer allow are ended with
    /// the unsubscribe / punsubscribe / roomleft frames a client gets when it leaves (Redis would close the connection).
    /// Returns false when every subscription is still allowed.
    /// </summary>
    public bool EndForbiddenSubscriptions()
    {
        var subscriptions = Subscriptions.Forbidden(Client.Permissions);
        var feeds = Feeds.Forbidden(Client.Permissions);
        var feedChannels = Feeds.ForbiddenChannels(Client.Permissions);
        if (subscriptions.Count == 0 && feeds.Count == 0 && feedChannels.Count == 0)
        {
            return false;
        }

        Log.Info(
            "Client id={0} addr={1}: user '{2}' may no longer subscribe to {3}; unsubscribed by the server",
            Client.Id, Client.RemoteAddress, Client.User?.Name ?? string.Empty,
            string.Join(", ", subscriptions.Select(s => ShardChannels.ClientName(s.Name)).Concat(feeds).Concat(feedChannels)));
        Publisher.SendAll();
        // Pushes, not replies: CLIENT REPLY OFF does not hold them back. They leave once the rooms have let go.
        var notice = new AwaitedReply(0, suppressed: false);
        Subscriptions.EndByServer(subscriptions, notice);
        Commands.ChannelSubscriptions.EndByServer(this, feedChannels, notice);
        foreach (var room in feeds)
        {
            Feeds.Leave(room, notice);
            RoomFrames.WriteLeft(notice.Bytes, System.Text.Encoding.Latin1.GetBytes(room), Subscriptions.Count, Client.Protocol);
        }

        Replies.Add(notice);
        return true;
    }

    /// <summary>
    /// A users reload: a user that was removed or disabled is told why and the connection closes; a user that is still
    /// there loses the subscriptions its new rules no longer allow. Returns true when the output must be flushed.
    /// </summary>
    public bool ApplyUsers(UserDirectory users)
    {
        var name = Client.User?.Name;
        switch (Auth.Apply(users, out var revoked))
        {
            case Authenticator.ReloadOutcome.Revoked:
                Log.Warning("Client id={0} addr={1}: user '{2}' was {3} by a users reload; closing the connection", Client.Id, Client.RemoteAddress, name, revoked);
                LeaveAll(new AwaitedReply(0, suppressed: true));
                RespWriter.Error(Replies.Ready, $"ERR user '{name}' was {revoked} by a users reload; connection closed");
                Client.LogOut();
                Host.RequestClose();
                return true;
            case Authenticator.ReloadOutcome.RulesChanged:
                if (!Client.IsAdmin)
                {
                    // MONITOR is for administrators: a user who lost admin = on sees no further commands.
                    Counters.Monitors.Remove(Host.Self);
                }

                return EndForbiddenSubscriptions();
            default:
                return false;
        }
    }

    /// <summary>CLIENT LIST's view of this connection now.</summary>
    public ClientSnapshot Snapshot() => Client.Snapshot(
        DateTime.UtcNow,
        Subscriptions.ChannelCount + Feeds.Channels.Count,
        Subscriptions.PatternCount,
        Reader.BufferedBytes,
        Output.Queue.QueuedBuffers,
        Output.Queue.QueuedBytes + Output.Queue.InFlightBytes) with { ShardChannels = Subscriptions.ShardChannelCount };

    /// <summary>ROOM.MEMBERS / ROOM.INFO: how this member is doing in <paramref name="room"/>.</summary>
    public RoomMemberState DescribeIn(string room) =>
        new(Client.Id, Client.Name, Subscriptions.HasChannel(room), Feeds.StateOf(room), Output.HeldBytes);

    /// <summary>True when this connection is in the room (SUBSCRIBE or ROOM.JOIN), so its actor must stay known and watched.</summary>
    private bool IsMemberOf(string room) => Subscriptions.HasChannel(room) || Feeds.Contains(room);
}
