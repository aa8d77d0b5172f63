using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ActorRooms.Broker.Rooms;

/// <summary>Actor names for rooms, built from the escaped room name.</summary>
public static class RoomNames
{
    /// <summary>
    /// An actor name for a room: <c>room-</c> (<c>shard-</c> for a shard channel's room) plus the channel name with
    /// every byte outside [A-Za-z0-9._-] as %XX, shortened with a hash when long.
    /// </summary>
    public static string ActorName(string room)
    {
        const int maxLength = 180;
        var prefix = ShardChannels.IsShard(room) ? "shard-" : "room-";
        room = ShardChannels.ClientName(room);
        var escaped = new StringBuilder(prefix, room.Length + prefix.Length);
        foreach (var c in room)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')
            {
                escaped.Append(c);
            }
            else
            {
                escaped.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        if (escaped.Length <= maxLength)
        {
            return escaped.ToString();
        }

        // Long names keep a readable head and a hash of the whole name, so two long names cannot collide in practice.
        // The head is cut before any %XX escape it would split, or Akka rejects the name.
        var cut = maxLength - 17;
        var lastEscape = escaped.ToString(cut - 2, 2).LastIndexOf('%');
        if (lastEscape >= 0)
        {
            cut -= 2 - lastEscape;
        }

        var hash = Convert.ToHexString(SHA256.HashData(Encoding.Latin1.GetBytes(room)))[..16];
        return string.Concat(escaped.ToString(0, cut), "~", hash);
    }
}
