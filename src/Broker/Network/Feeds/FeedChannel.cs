using System.Text;

namespace ActorRooms.Broker.Network.Feeds;

/// <summary>
/// A room feed asked for through SUBSCRIBE: the channel name <c>room:&lt;room&gt;[?option&amp;option…]</c> (docs/protocol.md,
/// "Room feeds through SUBSCRIBE"). Options are <c>snapshot</c>, <c>from=seq</c>, <c>last=n</c>,
/// <c>policy=disconnect|drop-oldest|conflate</c>, <c>maxrate=n</c> and <c>presence</c>, case-insensitive, as ROOM.JOIN's;
/// the room is percent-decoded (<c>%3F</c> for a <c>?</c> in its name).
/// </summary>
/// <param name="Channel">The channel name exactly as subscribed: every frame of the feed carries it.</param>
/// <param name="Room">The room.</param>
/// <param name="Join">The options, as ROOM.JOIN's.</param>
public sealed record FeedChannel(string Channel, string Room, RoomJoinArguments Join)
{
    private static readonly string[] FlagOptions = ["snapshot", "presence"];
    private static readonly string[] ValueOptions = ["from", "last", "policy", "maxrate"];

    /// <summary>True when SUBSCRIBE to <paramref name="channel"/> asks for a room feed (it starts with <c>room:</c>).</summary>
    public static bool IsFeed(ReadOnlySpan<byte> channel) => channel.StartsWith("room:"u8);

    /// <summary>The room a feed channel names, or null when it is not a well-formed feed channel (for the permission check).</summary>
    public static string? RoomOf(ReadOnlySpan<byte> channel) => Parse(channel, out _)?.Room;

    /// <summary>Parses a feed channel; on failure <paramref name="error"/> is the reply's error text.</summary>
    public static FeedChannel? Parse(ReadOnlySpan<byte> channel, out string? error)
    {
        error = null;
        var name = Encoding.Latin1.GetString(channel);
        var body = channel["room:"u8.Length..];
        var query = body.IndexOf((byte)'?');
        var roomPart = query < 0 ? body : body[..query];
        if (PercentDecode(roomPart) is not { Length: > 0 } room)
        {
            error = $"ERR room feed channel '{name}' needs a room name (room:<room>[?options]; '%' as %25)";
            return null;
        }

        List<ReadOnlyMemory<byte>> tokens = [ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty];
        if (query >= 0)
        {
            foreach (var option in Encoding.Latin1.GetString(body[(query + 1)..]).Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = option.IndexOf('=', StringComparison.Ordinal);
                var key = (equals < 0 ? option : option[..equals]).ToLowerInvariant();
                if (FlagOptions.Contains(key) && equals < 0)
                {
                    tokens.Add(Encoding.Latin1.GetBytes(key));
                }
                else if (ValueOptions.Contains(key) && equals > 0)
                {
                    tokens.Add(Encoding.Latin1.GetBytes(key));
                    tokens.Add(Encoding.Latin1.GetBytes(option[(equals + 1)..]));
                }
                else
                {
                    error = $"ERR bad room feed option '{option}' in '{name}' (expected snapshot, from=<seq>, last=<n>, policy=<policy>, maxrate=<n>, presence)";
                    return null;
                }
            }
        }

        if (RoomJoinArguments.Parse(tokens, out error) is not { } join)
        {
            return null;
        }

        return new FeedChannel(name, Encoding.Latin1.GetString(room), join);
    }

    // %HH escapes (any other '%' is an error); everything else is taken as it is.
    private static byte[]? PercentDecode(ReadOnlySpan<byte> text)
    {
        var decoded = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != (byte)'%')
            {
                decoded.Add(text[i]);
                continue;
            }

            if (i + 2 >= text.Length || !IsHex(text[i + 1]) || !IsHex(text[i + 2]))
            {
                return null;
            }

            decoded.Add(Convert.FromHexString(Encoding.ASCII.GetString(text.Slice(i + 1, 2)))[0]);
            i += 2;
        }

        return [.. decoded];
    }

    private static bool IsHex(byte b) => char.IsAsciiHexDigit((char)b);
}
