using System.Buffers;
using System.Diagnostics;
using ActorRooms.Broker.Rooms.Ledger;
using ActorRooms.Protocol.Resp;
using Akka.Actor;
using Akka.IO;

namespace ActorRooms.Broker.Rooms.Delivery;

/// <summary>
/// A room's ROOM.JOIN members: who they are (for presence), the <c>roommsg</c> fan-out of each ordered batch
/// (encoded once per protocol, one actor message per member per batch) and the notices only they receive
/// (<c>roomjoin</c>/<c>roomleave</c> to those that asked for presence, <c>roomreset</c> to all).
/// </summary>
public sealed class FeedMembers(string room, byte[] roomBytes, IActorRef self)
{
    private readonly MemberGroup<FeedMember> _members = new();

    /// <summary>The <c>roommsg</c> heads of this room, shared with the join preamble.</summary>
    public FrameHeads Heads { get; } = FrameHeads.RoomMessage(roomBytes);

    /// <summary>How many feed members.</summary>
    public int Count => _members.Count;

    /// <summary>The members' actors.</summary>
    public IEnumerable<IActorRef> Actors => _members.Actors;

    /// <summary>True when <paramref name="member"/> is a feed member.</summary>
    public bool Contains(IActorRef member) => _members.Contains(member);

    /// <summary>Adds (or updates) a member from its ROOM.JOIN; true when it is new (then tell the others with <see cref="TellJoined"/>).</summary>
    public bool Set(IActorRef member, JoinRoomFeed join) =>
        _members.Set(member, join.Protocol, new FeedMember(join.ClientId, join.ClientName, join.Options.Presence));

    /// <summary>Tells the members that asked for presence that <paramref name="member"/> joined.</summary>
    public void TellJoined(IActorRef member)
    {
        if (_members.TryGet(member, out var entry))
        {
            TellPresence(member, joined: true, entry.Info);
        }
    }

    /// <summary>Removes a member and tells the members that asked for presence; false when it was not a member.</summary>
    public bool Remove(IActorRef member)
    {
        if (!_members.Remove(member, out var removed))
        {
            return false;
        }

        TellPresence(member, joined: false, removed.Info);
        return true;
    }

    /// <summary>Sends every member this batch's frames in its protocol; returns how many members there are.</summary>
    public int Deliver(long epoch, RoomEntry[] entries)
    {
        if (_members.Count == 0)
        {
            return 0;
        }

        _members.Deliver<FeedFrames, RoomFeedDelivery>(new FeedFrames(room, Heads, epoch, entries, Stopwatch.GetTimestamp()), ActorRefs.Nobody, self);
        return _members.Count;
    }

    /// <summary>Tells every member that the numbering starts again: <paramref name="epoch"/>, and the seq before what follows.</summary>
    public void TellReset(long epoch, long lastSeq)
    {
        ByteString? resp2 = null;
        ByteString? resp3 = null;
        var notice = new FeedResetNotice(epoch, lastSeq);
        foreach (var (member, entry) in _members)
        {
            var frame = entry.Protocol == RespProtocol.Resp3
                ? resp3 ??= Frame(w => RoomFrames.WriteReset(w, roomBytes, epoch, lastSeq, RespProtocol.Resp3))
                : resp2 ??= Frame(w => RoomFrames.WriteReset(w, roomBytes, epoch, lastSeq, RespProtocol.Resp2));
            member.Tell(new RoomFeedNotice(room, frame, notice), self);
        }
    }

    private void TellPresence(IActorRef subject, bool joined, FeedMember about)
    {
        ByteString? resp2 = null;
        ByteString? resp3 = null;
        var notice = new FeedPresenceNotice(joined, about.ClientId, about.ClientName, _members.Count);
        foreach (var (member, entry) in _members)
        {
            if (!entry.Info.Presence || member.Equals(subject))
            {
                continue;
            }

            var frame = entry.Protocol == RespProtocol.Resp3
                ? resp3 ??= Frame(w => RoomFrames.WritePresence(w, joined, roomBytes, about.ClientId, about.ClientName, _members.Count, RespProtocol.Resp3))
                : resp2 ??= Frame(w => RoomFrames.WritePresence(w, joined, roomBytes, about.ClientId, about.ClientName, _members.Count, RespProtocol.Resp2));
            member.Tell(new RoomFeedNotice(room, frame, notice), self);
        }
    }

    private static ByteString Frame(Action<ArrayBufferWriter<byte>> write)
    {
        var writer = new ArrayBufferWriter<byte>();
        write(writer);
        return ByteString.FromBytes(writer.WrittenSpan.ToArray());
    }

    /// <summary>Who a feed member is (for presence) and whether it wants presence notices.</summary>
    public sealed record FeedMember(long ClientId, string? ClientName, bool Presence);
}
