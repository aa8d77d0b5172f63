using System.Text;
using ActorRooms.Broker.Rooms.Ledger;
using ActorRooms.Protocol.Resp;
using Akka.Actor;

namespace ActorRooms.Broker.Rooms.Delivery;

/// <summary>
/// Everyone a room delivers to on this node: its channel members (SUBSCRIBE), its pattern members (PSUBSCRIBE of a
/// matching pattern) and its feed members (ROOM.JOIN), and the fan-out of a batch to them. Plain state, no actor:
/// the room actor owns one and calls it in the turn that handles each message.
/// </summary>
public sealed class RoomMembers
{
    private readonly string _room;
    private readonly IActorRef _self;
    private readonly MemberGroup<NoInfo> _channel = new();
    private readonly FrameHeads _channelHeads;

    public RoomMembers(string room, IActorRef self)
    {
        _room = room;
        _self = self;
        var roomBytes = Encoding.Latin1.GetBytes(room);
        _channelHeads = FrameHeads.Message(roomBytes);
        Patterns = new PatternMembers(roomBytes);
        Feed = new FeedMembers(room, roomBytes, self);
        RoomBytes = roomBytes;
    }

    /// <summary>The room name's bytes (Latin-1), as frames carry it.</summary>
    public byte[] RoomBytes { get; }

    /// <summary>The pattern members.</summary>
    public PatternMembers Patterns { get; }

    /// <summary>The ROOM.JOIN members.</summary>
    public FeedMembers Feed { get; }

    /// <summary>How many channel members.</summary>
    public int ChannelCount => _channel.Count;

    /// <summary>True while the room has channel or feed members (pattern members alone do not keep a room).</summary>
    public bool HasMembers => _channel.Count > 0 || Feed.Count > 0;

    /// <summary>This node's subscriptions to the room: channel, feed and pattern members (PUBLISH's reply in cluster mode).</summary>
    public int LocalReceivers => _channel.Count + Feed.Count + Patterns.SubscriptionCount;

    /// <summary>The channel and feed members, once each (the members ROOM.MEMBERS and ROOM.INFO ask).</summary>
    public IReadOnlyList<IActorRef> Described() => _channel.Actors.Concat(Feed.Actors).Distinct().ToList();

    /// <summary>Adds a channel member (or changes its protocol); true when it is new.</summary>
    public bool JoinChannel(IActorRef member, RespProtocol protocol) => _channel.Set(member, protocol, default);

    /// <summary>Removes a channel member; false when it was not one.</summary>
    public bool LeaveChannel(IActorRef member) => _channel.Remove(member, out _);

    /// <summary>True when the room still delivers to <paramref name="actor"/> (and so keeps watching it).</summary>
    public bool Knows(IActorRef actor, bool ignorePatterns = false) =>
        _channel.Contains(actor) || Feed.Contains(actor) || (!ignorePatterns && Patterns.Contains(actor));

    /// <summary>Forgets a member that stopped; true when the channel or feed members changed.</summary>
    public bool RemoveEverywhere(IActorRef actor)
    {
        var changed = _channel.Remove(actor, out _);
        Patterns.RemoveMember(actor);
        changed |= Feed.Remove(actor);
        return changed;
    }

    /// <summary>
    /// Sends <paramref name="payloads"/> to the channel members and/or the pattern members, except that the
    /// publisher's own copies (when it is a member) are returned for its acknowledgement. Returns how many
    /// subscriptions the messages reached (PUBLISH's reply).
    /// </summary>
    public (int Receivers, List<OwnFrames>? Own) FanOut(IReadOnlyList<ReadOnlyMemory<byte>> payloads, IActorRef publisher, bool toChannel, bool toPatterns)
    {
        List<OwnFrames>? own = null;
        var receivers = 0;
        if (toChannel && _channel.Count > 0)
        {
            receivers = _channel.Count;
            if (_channel.Deliver<ChannelFrames, RoomDelivery>(new ChannelFrames(_room, _channelHeads, payloads), publisher, _self) is { } mine)
            {
                (own ??= []).Add(new OwnFrames(null, mine.Frames));
            }
        }

        if (toPatterns)
        {
            receivers += Patterns.Deliver(payloads, publisher, _self, ref own);
        }

        return (receivers, own);
    }

    /// <summary>Sends ordered entries to every channel and feed member (not to patterns); returns the receivers.</summary>
    public int DeliverOrdered(IReadOnlyList<ReadOnlyMemory<byte>> payloads, long epoch, RoomEntry[] entries) =>
        FanOut(payloads, ActorRefs.Nobody, toChannel: true, toPatterns: false).Receivers + Feed.Deliver(epoch, entries);
}
