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

    // Made when first needed: a node holds up to millions of rooms (issue 20), most with one plain subscriber.
    private byte[]? _roomBytes;
    private FrameHeads? _channelHeads;
    private PatternMembers? _patterns;
    private FeedMembers? _feed;

    public RoomMembers(string room, IActorRef self)
    {
        _room = room;
        _self = self;
    }

    /// <summary>The channel name's bytes (Latin-1), as frames carry it: for a shard channel's room, without its marker.</summary>
    public byte[] RoomBytes => _roomBytes ??= Encoding.Latin1.GetBytes(ShardChannels.ClientName(_room));

    /// <summary>The pattern members (made on first use).</summary>
    public PatternMembers Patterns => _patterns ??= new PatternMembers(RoomBytes);

    /// <summary>The ROOM.JOIN members (made on the first ROOM.JOIN; <see cref="FeedCount"/> and the others below do not make them).</summary>
    public FeedMembers Feed => _feed ??= new FeedMembers(_room, RoomBytes, _self);

    /// <summary>How many channel members.</summary>
    public int ChannelCount => _channel.Count;

    /// <summary>How many ROOM.JOIN members.</summary>
    public int FeedCount => _feed?.Count ?? 0;

    /// <summary>How many pattern subscriptions (pattern, member) the room serves.</summary>
    public int PatternSubscriptions => _patterns?.SubscriptionCount ?? 0;

    /// <summary>How many patterns have members here.</summary>
    public int PatternCount => _patterns?.PatternCount ?? 0;

    /// <summary>True while the room has channel or feed members (pattern members alone do not keep a room).</summary>
    public bool HasMembers => _channel.Count > 0 || FeedCount > 0;

    /// <summary>This node's subscriptions to the room: channel, feed and pattern members (PUBLISH's reply in cluster mode).</summary>
    public int LocalReceivers => _channel.Count + FeedCount + PatternSubscriptions;

    /// <summary>The channel and feed members, once each (the members ROOM.MEMBERS and ROOM.INFO ask).</summary>
    public IReadOnlyList<IActorRef> Described() => _channel.Actors.Concat(_feed?.Actors ?? []).Distinct().ToList();

    /// <summary>Adds a channel member (or changes its protocol); true when it is new.</summary>
    public bool JoinChannel(IActorRef member, RespProtocol protocol) => _channel.Set(member, protocol, default);

    /// <summary>Removes a channel member; false when it was not one.</summary>
    public bool LeaveChannel(IActorRef member) => _channel.Remove(member, out _);

    /// <summary>True when the room still delivers to <paramref name="actor"/> (and so keeps watching it).</summary>
    public bool Knows(IActorRef actor, bool ignorePatterns = false) =>
        _channel.Contains(actor) || (_feed?.Contains(actor) ?? false) || (!ignorePatterns && (_patterns?.Contains(actor) ?? false));

    /// <summary>Forgets a member that stopped; true when the channel or feed members changed.</summary>
    public bool RemoveEverywhere(IActorRef actor)
    {
        var changed = _channel.Remove(actor, out _);
        _patterns?.RemoveMember(actor);
        changed |= RemoveFeed(actor);
        return changed;
    }

    /// <summary>Removes a ROOM.JOIN member (telling the others that asked for presence); false when it was not one.</summary>
    public bool RemoveFeed(IActorRef member) => _feed?.Remove(member) ?? false;

    /// <summary>Sends the ROOM.JOIN members a batch's <c>roommsg</c> frames; returns how many there are (none: no work).</summary>
    public int DeliverToFeed(long epoch, RoomEntry[] entries) => _feed?.Deliver(epoch, entries) ?? 0;

    /// <summary>Tells the ROOM.JOIN members that the numbering starts again (see <see cref="FeedMembers.TellReset"/>).</summary>
    public void TellFeedReset(long epoch, long lastSeq) => _feed?.TellReset(epoch, lastSeq);

    /// <summary>Forgets every pattern subscription.</summary>
    public void ClearPatterns() => _patterns?.Clear();

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
            // A shard channel's members get smessage frames.
            _channelHeads ??= ShardChannels.IsShard(_room) ? FrameHeads.ShardMessage(RoomBytes) : FrameHeads.Message(RoomBytes);
            if (_channel.Deliver<ChannelFrames, RoomDelivery>(new ChannelFrames(_room, _channelHeads, payloads), publisher, _self) is { } mine)
            {
                (own ??= []).Add(new OwnFrames(null, mine.Frames));
            }
        }

        if (toPatterns && _patterns is not null)
        {
            receivers += _patterns.Deliver(payloads, publisher, _self, ref own);
        }

        return (receivers, own);
    }

    /// <summary>Sends ordered entries to every channel and feed member (not to patterns); returns the receivers.</summary>
    public int DeliverOrdered(IReadOnlyList<ReadOnlyMemory<byte>> payloads, long epoch, RoomEntry[] entries) =>
        FanOut(payloads, ActorRefs.Nobody, toChannel: true, toPatterns: false).Receivers + DeliverToFeed(epoch, entries);
}
