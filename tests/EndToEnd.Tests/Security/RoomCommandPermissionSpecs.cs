using ActorRooms.EndToEnd.Tests.Rooms;
using static ActorRooms.EndToEnd.Tests.Security.SecuredBroker;

namespace ActorRooms.EndToEnd.Tests.Security;

/// <summary>
/// The ROOM.* commands obey the same per-room rules as PUBLISH and SUBSCRIBE: ROOM.PUBLISH needs publish, ROOM.JOIN
/// and the room queries (LAST, MEMBERS, INFO) need subscribe, ROOM.LIST shows only rooms the user may subscribe to.
/// </summary>
public sealed class RoomCommandPermissionSpecs(SecuredBroker broker) : IClassFixture<SecuredBroker>
{
    private const string NoPerm = "-NOPERM No permissions to access a channel\r\n";

    public static TheoryData<string, string[], bool> Matrix => new()
    {
        { "publisher", ["ROOM.PUBLISH", "prices.room", "1.0", "KEY", "EUR"], true },
        { "publisher", ["ROOM.PUBLISH", "chat.room", "hi"], false },
        { "reader", ["ROOM.PUBLISH", "prices.room", "1.0"], false },
        { "reader", ["ROOM.LAST", "prices.room"], true },
        { "publisher", ["ROOM.LAST", "prices.room"], false },
        { "reader", ["ROOM.MEMBERS", "prices.room"], true },
        { "chatter", ["ROOM.MEMBERS", "prices.room"], false },
        { "reader", ["ROOM.INFO", "prices.room"], true },
        { "chatter", ["ROOM.INFO", "prices.room"], false },
        { "chatter", ["ROOM.JOIN", "prices.room"], false },
        { "publisher", ["ROOM.JOIN", "prices.room", "SNAPSHOT"], false },
        { "reader", ["SUBSCRIBE", "room:prices.room?snapshot"], true },
        { "chatter", ["SUBSCRIBE", "room:prices.room?snapshot"], false },
        { "publisher", ["SUBSCRIBE", "room:prices.room"], false },
        { "chatter", ["SUBSCRIBE", "chat.room", "room:prices.room"], false },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Should_refuse_with_noperm_exactly_the_room_commands_the_user_may_not_use(string user, string[] command, bool allowed)
    {
        await using var connection = await broker.ConnectAsAsync(user);

        await connection.SendCommandAsync(command);
        var reply = Text(await connection.ReadFrameAsync());

        if (allowed)
        {
            // Runs (its reply depends on the room's state, which other specs share): anything but a refusal.
            Assert.NotEqual(NoPerm, reply);
        }
        else
        {
            Assert.Equal(NoPerm, reply);
        }
    }

    [Fact]
    public async Task Should_let_an_allowed_reader_join_and_receive_what_an_allowed_publisher_sends_and_nothing_from_a_refused_one()
    {
        await using var reader = await broker.ConnectAsAsync("reader");
        await reader.SwitchToResp3Async();
        await reader.SendCommandAsync("ROOM.JOIN", "prices.joined");
        Assert.Equal("roomjoined", RoomPush.Parse(await reader.ReadFrameAsync()).Kind);
        await using var refused = await broker.ConnectAsAsync("chatter");
        await using var publisher = await broker.ConnectAsAsync("publisher");

        await refused.SendCommandAsync("ROOM.PUBLISH", "prices.joined", "forged", "KEY", "EUR");
        Assert.Equal(NoPerm, Text(await refused.ReadFrameAsync()));
        await publisher.SendCommandAsync("ROOM.PUBLISH", "prices.joined", "1.0842", "KEY", "EUR");
        Assert.Equal(":1\r\n", Text(await publisher.ReadFrameAsync()));

        var message = RoomPush.Parse(await reader.ReadFrameAsync());
        Assert.Equal("roommsg", message.Kind);
        Assert.Equal("1.0842", message.Rest[^1]);
    }

    [Fact]
    public async Task Should_list_only_the_rooms_the_user_may_subscribe_to()
    {
        await using var admin = await broker.ConnectAsAsync("admin");
        await admin.SendCommandAsync("ROOM.PUBLISH", "prices.listed", "1", "KEY", "A");
        await admin.SendCommandAsync("ROOM.PUBLISH", "chat.listed", "2", "KEY", "B");
        await admin.ReadFramesAsync(2);
        await using var reader = await broker.ConnectAsAsync("reader");

        await reader.SendCommandAsync("ROOM.LIST", "*.listed");
        var visibleToReader = Text(await reader.ReadFrameAsync());
        await admin.SendCommandAsync("ROOM.LIST", "*.listed");
        var visibleToAdmin = Text(await admin.ReadFrameAsync());

        Assert.Equal("*1\r\n$13\r\nprices.listed\r\n", visibleToReader);
        Assert.Contains("chat.listed", visibleToAdmin, StringComparison.Ordinal);
        Assert.Contains("prices.listed", visibleToAdmin, StringComparison.Ordinal);
    }
}
