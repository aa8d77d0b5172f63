using ActorRooms.Protocol.PubSub;

namespace ActorRooms.Broker.Security;

/// <summary>
/// The one place that decides whether a user may use a room, in Redis's ACL shape split by direction: a room name is
/// matched against the user's globs (Redis's glob rules, <see cref="GlobPattern"/>); a PSUBSCRIBE pattern must equal
/// one of the user's subscribe globs literally, as Redis requires, so a pattern can never reach a room the user may
/// not see — unless the user may subscribe to <c>*</c> (every room). Every command that touches a room asks here:
/// PUBLISH, SUBSCRIBE, PSUBSCRIBE, the ACL reload's re-check, and the ROOM.* commands (which should call
/// <see cref="CanPublish"/> / <see cref="CanSubscribe"/> for the room they touch).
/// </summary>
public sealed class RoomPermissions
{
    private readonly string[] _publish;
    private readonly string[] _subscribe;
    private readonly bool _subscribeAll;
    private readonly bool _publishAll;

    /// <summary>The permissions of <paramref name="user"/>.</summary>
    public RoomPermissions(BrokerUser user)
    {
        _publish = [.. user.Publish];
        _subscribe = [.. user.Subscribe];
        _publishAll = _publish.Contains("*");
        _subscribeAll = _subscribe.Contains("*");
    }

    /// <summary>Every room both ways: no check needs to run (the open default user, or a user given <c>*</c> twice).</summary>
    public bool AllowsEverything => _publishAll && _subscribeAll;

    /// <summary>True when the user may PUBLISH to <paramref name="room"/> (Latin-1, one char per byte).</summary>
    public bool CanPublish(ReadOnlySpan<char> room) => _publishAll || MatchesAny(_publish, room);

    /// <summary>True when the user may SUBSCRIBE to <paramref name="room"/>.</summary>
    public bool CanSubscribe(ReadOnlySpan<char> room) => _subscribeAll || MatchesAny(_subscribe, room);

    /// <summary>True when the user may PSUBSCRIBE <paramref name="pattern"/>: it equals a subscribe glob, byte for byte.</summary>
    public bool CanSubscribePattern(ReadOnlySpan<char> pattern)
    {
        if (_subscribeAll)
        {
            return true;
        }

        foreach (var glob in _subscribe)
        {
            if (pattern.SequenceEqual(glob))
            {
                return true;
            }
        }

        return false;
    }

    private static bool MatchesAny(string[] globs, ReadOnlySpan<char> room)
    {
        foreach (var glob in globs)
        {
            if (GlobPattern.IsMatch(glob, room))
            {
                return true;
            }
        }

        return false;
    }
}
