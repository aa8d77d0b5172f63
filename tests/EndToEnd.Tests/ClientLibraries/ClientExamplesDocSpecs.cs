using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.ClientLibraries;

/// <summary>docs/clients.md shows the example programs that RoomFeedExampleSpecs runs: whole, as they are in docs/examples.</summary>
public sealed class ClientExamplesDocSpecs
{
    [Theory]
    [InlineData("ioredis-room-feed.js")]
    [InlineData("node-redis-room-feed.js")]
    [InlineData("redis_py_room_feed.py")]
    [InlineData("StackExchangeRoomFeed.cs")]
    [InlineData("redis-cli-room-feed.sh")]
    public void Should_show_the_tested_example_byte_for_byte_when_the_client_page_is_read(string example)
    {
        var root = RepositoryPaths.Root;
        var page = File.ReadAllText(Path.Combine(root, "docs", "clients.md"));

        var program = File.ReadAllText(Path.Combine(root, "docs", "examples", example)).TrimEnd('\n');

        Assert.Contains("\n" + program + "\n```", page, StringComparison.Ordinal);
    }
}
