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
    // Most rooms have one to a few members: up to SmallLimit they are kept in a small array (searched linearly, in
    // joining order), beyond it in a dictionary. An empty group holds neither (issue 20: millions of quiet rooms).
    private const int SmallLimit = 8;
    private KeyValuePair<IActorRef, Member>[]? _small;
    private int _smallCount;
    private Dictionary<IActorRef, Member>? _large;
    private int _resp3Count;

    /// <summary>How many members.</summary>
    public int Count => _large?.Count ?? _smallCount;

    /// <summary>The members' actors.</summary>
    public IEnumerable<IActorRef> Actors
    {
        get
        {
            foreach (var (member, _) in this)
            {
                yield return member;
            }
        }
    }

    /// <summary>True when <paramref name="member"/> is in the group.</summary>
    public bool Contains(IActorRef member) => TryGet(member, out _);

    /// <summary>True when at least one member is sent frames in <paramref name="protocol"/>.</summary>
    public bool Uses(RespProtocol protocol) =>
        protocol == RespProtocol.Resp3 ? _resp3Count > 0 : Count > _resp3Count;

    /// <summary>Adds <paramref name="member"/>, or changes its protocol and info; true when it is new.</summary>
    public bool Set(IActorRef member, RespProtocol protocol, TInfo info)
    {
        var isNew = !TryGet(member, out var previous);
        if (!isNew && previous.Protocol == RespProtocol.Resp3)
        {
            _resp3Count--;
        }

        Put(member, new Member(protocol, info), isNew);
        if (protocol == RespProtocol.Resp3)
        {
            _resp3Count++;
        }

        return isNew;
    }

    /// <summary>Removes <paramref name="member"/>; false when it was not in the group.</summary>
    public bool Remove(IActorRef member, out Member removed)
    {
        if (!Take(member, out removed))
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
    public bool TryGet(IActorRef member, out Member entry)
    {
        if (_large is not null)
        {
            return _large.TryGetValue(member, out entry);
        }

        var at = SmallIndexOf(member);
        entry = at >= 0 ? _small![at].Value : default;
        return at >= 0;
    }

    /// <summary>Enumerates the members without allocating.</summary>
    public Enumerator GetEnumerator() => new(this);

    /// <summary>
    /// Sends every member but <paramref name="publisher"/> the batch <paramref name="encoder"/> encodes, encoded once
    /// per protocol in use, with <paramref name="self"/> as sender. Returns the publisher's own delivery when it is a
    /// member (it goes back with the publish acknowledgement instead), else null.
    /// </summary>
    public TDelivery? Deliver<TEncoder, TDelivery>(in TEncoder encoder, IActorRef publisher, IActorRef self)
        where TEncoder : struct, IFrameEncoder<TDelivery>
        where TDelivery : class
    {
        if (Count == 0)
        {
            return null;
        }

        var resp2 = Uses(RespProtocol.Resp2) ? encoder.Encode(RespProtocol.Resp2) : null;
        var resp3 = Uses(RespProtocol.Resp3) ? encoder.Encode(RespProtocol.Resp3) : null;
        TDelivery? own = null;
        foreach (var (member, entry) in this)
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

    private int SmallIndexOf(IActorRef member)
    {
        for (var i = 0; i < _smallCount; i++)
        {
            if (_small![i].Key.Equals(member))
            {
                return i;
            }
        }

        return -1;
    }

    private void Put(IActorRef member, Member entry, bool isNew)
    {
        if (_large is not null)
        {
            _large[member] = entry;
            return;
        }

        if (!isNew)
        {
            _small![SmallIndexOf(member)] = new(member, entry);
            return;
        }

        if (_smallCount == SmallLimit)
        {
            _large = new Dictionary<IActorRef, Member>(SmallLimit * 2);
            for (var i = 0; i < _smallCount; i++)
            {
                _large.Add(_small![i].Key, _small[i].Value);
            }

            _large.Add(member, entry);
            _small = null;
            _smallCount = 0;
            return;
        }

        if (_small is null || _smallCount == _small.Length)
        {
            Array.Resize(ref _small, Math.Max(1, _smallCount * 2));
        }

        _small[_smallCount++] = new(member, entry);
    }

    private bool Take(IActorRef member, out Member removed)
    {
        if (_large is not null)
        {
            if (!_large.Remove(member, out removed))
            {
                return false;
            }

            if (_large.Count == 0)
            {
                _large = null;
            }

            return true;
        }

        var at = SmallIndexOf(member);
        if (at < 0)
        {
            removed = default;
            return false;
        }

        removed = _small![at].Value;
        Array.Copy(_small, at + 1, _small, at, _smallCount - at - 1);
        _small[--_smallCount] = default;
        if (_smallCount == 0)
        {
            _small = null;
        }

        return true;
    }

    /// <summary>Enumerates the small array or the dictionary, whichever holds the members.</summary>
    public struct Enumerator(MemberGroup<TInfo> group)
    {
        private Dictionary<IActorRef, Member>.Enumerator _large = group._large?.GetEnumerator() ?? default;
        private int _at = -1;

        public readonly KeyValuePair<IActorRef, Member> Current =>
            group._large is not null ? _large.Current : group._small![_at];

        public bool MoveNext() => group._large is not null ? _large.MoveNext() : ++_at < group._smallCount;
    }

    /// <summary>One member: the protocol its frames are encoded in, and what the room keeps about it.</summary>
    public readonly record struct Member(RespProtocol Protocol, TInfo Info);
}

/// <summary>The info of a member the room keeps nothing else about (channel and pattern members).</summary>
public readonly record struct NoInfo;
