using System.Text;
using ActorRooms.Broker.ClientDirectory;
using ActorRooms.Broker.Network.Replies;
using ActorRooms.Protocol.Resp;

namespace ActorRooms.Broker.Commands;

/// <summary>The filters of CLIENT LIST and CLIENT KILL, parsed from the arguments (from index 2), with Redis's errors.</summary>
public static class ClientFilters
{
    private static readonly string[] Types = ["normal", "pubsub", "master", "replica", "slave"];

    /// <summary><c>[TYPE type] [ID id [id ...]]</c>; null with <paramref name="error"/> when malformed.</summary>
    public static ClientFilter? ParseList(IReadOnlyList<ReadOnlyMemory<byte>> arguments, out string? error)
    {
        error = null;
        var filter = ClientFilter.All;
        for (var i = 2; i < arguments.Count; i++)
        {
            var option = Text(arguments, i).ToUpperInvariant();
            if (option == "TYPE" && i + 1 < arguments.Count)
            {
                var type = Text(arguments, ++i).ToLowerInvariant();
                if (!Types.Contains(type))
                {
                    error = $"ERR Unknown client type '{Text(arguments, i)}'";
                    return null;
                }

                filter = filter with { Type = type };
            }
            else if (option == "ID" && i + 1 < arguments.Count)
            {
                var ids = new HashSet<long>();
                for (i++; i < arguments.Count; i++)
                {
                    if (!RedisInteger.TryParse(arguments[i].Span, out var id) || id <= 0)
                    {
                        error = "ERR Invalid client ID";
                        return null;
                    }

                    ids.Add(id);
                }

                filter = filter with { Ids = ids };
            }
            else
            {
                error = ErrorReplies.Syntax;
                return null;
            }
        }

        return filter;
    }

    /// <summary><c>&lt;filter&gt; &lt;value&gt; [...]</c> pairs (ID, TYPE, ADDR, LADDR, USER, MAXAGE, SKIPME); SKIPME defaults to yes.</summary>
    public static ClientFilter? ParseKill(IReadOnlyList<ReadOnlyMemory<byte>> arguments, long selfId, out string? error)
    {
        error = ErrorReplies.Syntax;
        if (arguments.Count % 2 != 0)
        {
            return null;
        }

        var filter = new ClientFilter { SkipId = selfId };
        for (var i = 2; i < arguments.Count; i += 2)
        {
            var value = Text(arguments, i + 1);
            switch (Text(arguments, i).ToUpperInvariant())
            {
                case "ID":
                    if (!ClientCommands.TryParseId(value, out var id) || id <= 0)
                    {
                        error = "ERR client-id should be greater than 0";
                        return null;
                    }

                    filter = filter with { Ids = new HashSet<long> { id } };
                    break;
                case "TYPE":
                    var type = value.ToLowerInvariant();
                    if (!Types.Contains(type))
                    {
                        error = $"ERR Unknown client type '{value}'";
                        return null;
                    }

                    filter = filter with { Type = type };
                    break;
                case "ADDR":
                    filter = filter with { Address = value };
                    break;
                case "LADDR":
                    filter = filter with { LocalAddress = value };
                    break;
                case "USER":
                    filter = filter with { User = value };
                    break;
                case "MAXAGE":
                    if (!ClientCommands.TryParseId(value, out var maxAge))
                    {
                        return null;
                    }

                    filter = filter with { MaxAgeSeconds = maxAge };
                    break;
                case "SKIPME":
                    var skip = value.ToLowerInvariant();
                    if (skip is not ("yes" or "no"))
                    {
                        return null;
                    }

                    filter = filter with { SkipId = skip == "yes" ? selfId : null };
                    break;
                default:
                    return null;
            }
        }

        error = null;
        return filter;
    }

    private static string Text(IReadOnlyList<ReadOnlyMemory<byte>> arguments, int index) => Encoding.Latin1.GetString(arguments[index].Span);
}
