using ActorRooms.Protocol.Resp;
using Akka.Actor;

namespace ActorRooms.Broker.Rooms.Delivery;

/// <summary>
/// One set of a room's members that receive the same frames (its channel members, one pattern's members, or its
/// ROOM.JOIN members), each with the protocol it is sent in and what else the room keeps about it. The one fan-out
/// of the room lives here: encode the batch once per protocol in use, then send that same message to every member,
/// so a batch costs one actor message per member and no allocation per member.
/// </summary>
public sealed class MemberGroup<TInfo>
{
    private readonly Dictionary<IActorRef, Member> _members = [];
    private int _resp3Count;

    /// <summary>How many members.</summary>
    public int Count => _members.Count;

    /// <summary>The members' actors.</summary>
    public IEnumerable<IActorRef> Actors => _members.Keys;

    /// <summary>True when <paramref name="member"/> is in the group.</summary>
    public bool Contains(IActorRef member) => _members.ContainsKey(member);

    /// <summary>True when at least one member is sent frames in <paramref name="protocol"/>.</summary>
    public bool Uses(RespProtocol protocol) =>
        protocol == RespProtocol.Resp3 ? _resp3Count > 0 : _members.Count > _resp3Count;

    /// <summary>Adds <paramref name="member"/>, or changes its protocol and info; true when it is new.</summary>
    public bool Set(IActorRef member, RespProtocol protocol, TInfo info)
    {
        var isNew = !_members.TryGetValue(member, out var previous);
        if (!isNew && previous.Protocol == RespProtocol.Resp3)
        {
            _resp3Count--;
        }

        _members[member] = new Member(protocol, info);
        if (protocol == RespProtocol.Resp3)
        {
            _resp3Count++;
        }

        return isNew;
    }

    /// <summary>Removes <paramref name="member"/>; false when it was not in the group.</summary>
    public bool Remove(IActorRef member, out Member removed)
    {
        if (!_members.Remove(member, out removed))
        {
            return false;
        }

        if (removed.Protocol == RespProtocol.Resp3)
        {
            _resp3Count--;
        }

        return true;
    }

    /// <summary>The member entry of <paramref name="member"/>, if it is in the group.</summary>
    public bool TryGet(IActorRef member, out Member entry) => _members.TryGetValue(member, out entry);

    /// <summary>Enumerates the members without allocating.</summary>
    public Dictionary<IActorRef, Member>.Enumerator GetEnumerator() => _members.GetEnumerator();

    /// <summary>
    /// Sends every member but <paramref name="publisher"/> the batch <paramref name="encoder"/> encodes, encoded once
    /// per protocol in use, with <paramref name="self"/> as sender. Returns the publisher's own delivery when it is a
    /// member (it goes back with the publish acknowledgement instead), else null.
    /// </summary>
    public TDelivery? Deliver<TEncoder, TDelivery>(in TEncoder encoder, IActorRef publisher, IActorRef self)
        where TEncoder : struct, IFrameEncoder<TDelivery>
        where TDelivery : class
    {
        if (_members.Count == 0)
        {
            return null;
        }

        var resp2 = Uses(RespProtocol.Resp2) ? encoder.Encode(RespProtocol.Resp2) : null;
        var resp3 = Uses(RespProtocol.Resp3) ? encoder.Encode(RespProtocol.Resp3) : null;
        TDelivery? own = null;
        foreach (var (member, entry) in _members)
        {
            var delivery = entry.Protocol == RespProtocol.Resp3 ? resp3! : resp2!;
            if (member.Equals(publisher))
            {
                own = delivery;
            }
            else
            {
                member.Tell(delivery, self);
            }
        }

        return own;
    }

    /// <summary>One member: the protocol its frames are encoded in, and what the room keeps about it.</summary>
    public readonly record struct Member(RespProtocol Protocol, TInfo Info);
}

/// <summary>The info of a member the room keeps nothing else about (channel and pattern members).</summary>
public readonly record struct NoInfo;
