using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Rooms;

/// <summary>A parsed room push: its kind (<c>roommsg</c>, <c>roomgap</c>, ...), room and the elements after them.</summary>
public sealed record RoomPush(string Kind, string Room, IReadOnlyList<object?> Rest)
{
    public static RoomPush Parse(byte[] frame)
    {
        var items = RespTree.Push(frame);
        return new RoomPush((string)items[0]!, (string)items[1]!, items.Skip(2).ToList());
    }

    /// <summary>
    /// HELLO 3, then ROOM.JOIN <paramref name="room"/> with <paramref name="options"/> (<c>SNAPSHOT</c>, <c>FROM 2</c>, ...);
    /// returns its <c>roomjoined</c> push (epoch, last seq at the join).
    /// </summary>
    public static async Task<RoomPush> JoinAsync(RespConnection connection, string room, TimeSpan? timeout = null, params string[] options)
    {
        await connection.SwitchToResp3Async();
        await connection.SendCommandAsync(["ROOM.JOIN", room, .. options]);
        var joined = Parse(await connection.ReadFrameAsync(timeout));
        Assert.Equal("roomjoined", joined.Kind);
        return joined;
    }

    public long Int(int index) => (long)Rest[index]!;

    // roommsg room epoch seq key time payload
    public long Epoch => Int(0);

    public long Seq => Int(1);

    public string? Key => (string?)Rest[2];

    public string Payload => (string)Rest[4]!;
}
