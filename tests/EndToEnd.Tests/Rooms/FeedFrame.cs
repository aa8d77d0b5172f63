using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Rooms;

/// <summary>
/// One frame of a room feed, whichever way in it came: a ROOM.JOIN push (<c>roommsg</c>, <c>roomgap</c>, …) or a
/// <c>SUBSCRIBE room:…</c> envelope (<c>msg</c>, <c>gap</c>, …), named by the push kind so a spec checks both the same way.
/// </summary>
public sealed record FeedFrame(string Kind, long Epoch, long Seq, long From, long To, string? Key, string? Payload)
{
    public static FeedFrame Parse(byte[] frame)
    {
        if (RespTree.Push(frame)[0] is "message")
        {
            var e = FeedEnvelope.Parse(frame);
            return e.Type switch
            {
                "msg" => new FeedFrame("roommsg", e.Epoch, e.Seq, 0, 0, e.Key, e.Payload),
                "gap" or "conflated" or "exhausted" => new FeedFrame("room" + e.Type, e.Epoch, 0, e.Long("from"), e.Long("to"), null, null),
                _ => new FeedFrame("room" + e.Type, e.Epoch, e.Seq, 0, 0, null, null),
            };
        }

        var push = RoomPush.Parse(frame);
        return push.Kind switch
        {
            "roommsg" => new FeedFrame(push.Kind, push.Epoch, push.Seq, 0, 0, push.Key, push.Payload),
            "roomgap" or "roomconflated" => new FeedFrame(push.Kind, push.Int(0), 0, push.Int(1), push.Int(2), null, null),
            _ => new FeedFrame(push.Kind, push.Int(0), push.Int(1), 0, 0, null, null),
        };
    }

    /// <summary>
    /// Joins <paramref name="room"/>'s feed with ROOM.JOIN options (<c>SNAPSHOT</c>, <c>FROM 2</c>, <c>POLICY conflate</c>):
    /// by ROOM.JOIN after HELLO 3, or by <c>SUBSCRIBE room:&lt;room&gt;?…</c> in RESP2. Returns the join's frame
    /// (<c>roomjoined</c>: its Seq is the last seq at the join).
    /// </summary>
    public static async Task<FeedFrame> JoinAsync(RespConnection connection, bool viaChannel, string room, params string[] options)
    {
        if (!viaChannel)
        {
            var joined = await RoomPush.JoinAsync(connection, room, options: options);
            return new FeedFrame("roomjoined", joined.Int(0), joined.Int(1), 0, 0, null, null);
        }

        var query = new List<string>();
        for (var i = 0; i < options.Length; i++)
        {
            var name = options[i].ToLowerInvariant();
            query.Add(name is "snapshot" or "presence" ? name : $"{name}={options[++i]}");
        }

        var channel = query.Count == 0 ? $"room:{room}" : $"room:{room}?{string.Join('&', query)}";
        await connection.SendCommandAsync("SUBSCRIBE", channel);
        Assert.Equal(["subscribe", channel, 1L], RespTree.Push(await connection.ReadFrameAsync()));
        var start = Parse(await connection.ReadFrameAsync());
        Assert.Equal("roomjoined", start.Kind);
        return start;
    }
}
