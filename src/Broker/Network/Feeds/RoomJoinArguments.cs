using System.Text;
using ActorRooms.Broker.Network.Replies;
using ActorRooms.Broker.Rooms;
using ActorRooms.Protocol.Resp;

namespace ActorRooms.Broker.Network.Feeds;

/// <summary>ROOM.JOIN's options, parsed: what to ask the room for, the member's policy and its MAXRATE (0 for none).</summary>
public sealed record RoomJoinArguments(RoomJoinOptions Options, RoomMemberPolicy Policy, int MaxRate)
{
    /// <summary>
    /// Parses <c>ROOM.JOIN room [SNAPSHOT] [FROM seq | LAST n] [POLICY disconnect|drop-oldest|conflate] [MAXRATE n]
    /// [PRESENCE]</c> (arguments from index 2); on failure <paramref name="error"/> is the reply's error text.
    /// </summary>
    public static RoomJoinArguments? Parse(IReadOnlyList<ReadOnlyMemory<byte>> arguments, out string? error)
    {
        error = null;
        var snapshot = false;
        var presence = false;
        long? from = null;
        long? last = null;
        var policy = RoomMemberPolicy.Disconnect;
        var maxRate = 0;
        for (var i = 2; i < arguments.Count; i++)
        {
            var option = Text(arguments, i).ToUpperInvariant();
            var hasValue = i + 1 < arguments.Count;
            switch (option)
            {
                case "SNAPSHOT":
                    snapshot = true;
                    break;
                case "PRESENCE":
                    presence = true;
                    break;
                case "FROM" or "LAST" when hasValue:
                    if (!RedisInteger.TryParse(arguments[++i].Span, out var number) || number < 0)
                    {
                        error = "ERR value is not an integer or out of range";
                        return null;
                    }

                    (option == "FROM" ? ref from : ref last) = number;
                    break;
                case "POLICY" when hasValue:
                    RoomMemberPolicy? parsed = Text(arguments, ++i).ToLowerInvariant() switch
                    {
                        "disconnect" => RoomMemberPolicy.Disconnect,
                        "drop-oldest" => RoomMemberPolicy.DropOldest,
                        "conflate" => RoomMemberPolicy.Conflate,
                        _ => null,
                    };
                    if (parsed is null)
                    {
                        error = $"ERR unknown policy '{Text(arguments, i)}' (expected disconnect, drop-oldest or conflate)";
                        return null;
                    }

                    policy = parsed.Value;
                    break;
                case "MAXRATE" when hasValue:
                    if (!RedisInteger.TryParse(arguments[++i].Span, out var rate) || rate is < 1 or > 1_000_000)
                    {
                        error = "ERR MAXRATE must be an integer from 1 to 1000000";
                        return null;
                    }

                    maxRate = (int)rate;
                    break;
                default:
                    error = ErrorReplies.Syntax;
                    return null;
            }
        }

        if ((snapshot ? 1 : 0) + (from is null ? 0 : 1) + (last is null ? 0 : 1) > 1)
        {
            error = "ERR SNAPSHOT, FROM and LAST cannot be combined";
            return null;
        }

        return new RoomJoinArguments(new RoomJoinOptions(snapshot, from, last, presence), policy, maxRate);
    }

    private static string Text(IReadOnlyList<ReadOnlyMemory<byte>> arguments, int index) => Encoding.Latin1.GetString(arguments[index].Span);
}
