using System.Text;
using ActorRooms.Broker.Network.Feeds;
using ActorRooms.Broker.Network.Session;

namespace ActorRooms.Broker.Commands;

/// <summary>The NOPERM check: whether the client's user may use every room a command names.</summary>
public static class RoomAccessCheck
{
    /// <summary>True when <paramref name="client"/> may run a command needing <paramref name="access"/> with <paramref name="arguments"/>.</summary>
    public static bool Permits(ClientState client, RoomAccess access, IReadOnlyList<ReadOnlyMemory<byte>> arguments)
    {
        switch (access)
        {
            case RoomAccess.Publish:
                return client.MayPublish(arguments[1].Span);
            case RoomAccess.SubscribeChannels:
            case RoomAccess.SubscribePatterns:
                for (var i = 1; i < arguments.Count; i++)
                {
                    // A room feed channel (room:<room>?options) is checked as its room.
                    var name = access == RoomAccess.SubscribeChannels && FeedChannel.IsFeed(arguments[i].Span)
                        ? FeedChannel.RoomOf(arguments[i].Span) ?? Encoding.Latin1.GetString(arguments[i].Span)
                        : Encoding.Latin1.GetString(arguments[i].Span);
                    if (!(access == RoomAccess.SubscribeChannels ? client.Permissions.CanSubscribe(name) : client.Permissions.CanSubscribePattern(name)))
                    {
                        return false;
                    }
                }

                return true;
            case RoomAccess.ReadRoom:
                return client.Permissions.CanSubscribe(Encoding.Latin1.GetString(arguments[1].Span));
            default:
                return true;
        }
    }
}
