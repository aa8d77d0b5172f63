using ActorRooms.Broker.Network.Feeds;

namespace ActorRooms.Broker.Tests.Network.Feeds;

public sealed class FeedChannelSpecs
{
    [Fact]
    public void Should_read_the_room_and_every_option_when_the_channel_is_well_formed()
    {
        var feed = FeedChannel.Parse("room:prices?SNAPSHOT&policy=drop-oldest&maxrate=5&presence"u8, out var error);

        Assert.Null(error);
        Assert.Equal("room:prices?SNAPSHOT&policy=drop-oldest&maxrate=5&presence", feed!.Channel);
        Assert.Equal("prices", feed.Room);
        Assert.True(feed.Join.Options.Snapshot);
        Assert.True(feed.Join.Options.Presence);
        Assert.Equal(RoomMemberPolicy.DropOldest, feed.Join.Policy);
        Assert.Equal(5, feed.Join.MaxRate);
    }

    [Theory]
    [InlineData("room:px", "px", null, null)]
    [InlineData("room:px?", "px", null, null)]
    [InlineData("room:px?from=7", "px", 7L, null)]
    [InlineData("room:px?last=3", "px", null, 3L)]
    [InlineData("room:a%3Fb%25?last=3", "a?b%", null, 3L)]
    [InlineData("room:prices.AAPL", "prices.AAPL", null, null)]
    public void Should_read_the_room_and_replay_when_given(string channel, string room, long? from, long? last)
    {
        var feed = FeedChannel.Parse(System.Text.Encoding.Latin1.GetBytes(channel), out _);

        Assert.Equal(room, feed!.Room);
        Assert.Equal(from, feed.Join.Options.From);
        Assert.Equal(last, feed.Join.Options.Last);
    }

    [Theory]
    [InlineData("room:", "ERR room feed channel 'room:' needs a room name (room:<room>[?options]; '%' as %25)")]
    [InlineData("room:?snapshot", "ERR room feed channel 'room:?snapshot' needs a room name (room:<room>[?options]; '%' as %25)")]
    [InlineData("room:a%zz", "ERR room feed channel 'room:a%zz' needs a room name (room:<room>[?options]; '%' as %25)")]
    [InlineData("room:px?now", "ERR bad room feed option 'now' in 'room:px?now' (expected snapshot, from=<seq>, last=<n>, policy=<policy>, maxrate=<n>, presence)")]
    [InlineData("room:px?from", "ERR bad room feed option 'from' in 'room:px?from' (expected snapshot, from=<seq>, last=<n>, policy=<policy>, maxrate=<n>, presence)")]
    [InlineData("room:px?snapshot=1", "ERR bad room feed option 'snapshot=1' in 'room:px?snapshot=1' (expected snapshot, from=<seq>, last=<n>, policy=<policy>, maxrate=<n>, presence)")]
    [InlineData("room:px?from=-1", "ERR value is not an integer or out of range")]
    [InlineData("room:px?policy=fast", "ERR unknown policy 'fast' (expected disconnect, drop-oldest or conflate)")]
    [InlineData("room:px?maxrate=0", "ERR MAXRATE must be an integer from 1 to 1000000")]
    [InlineData("room:px?snapshot&last=2", "ERR SNAPSHOT, FROM and LAST cannot be combined")]
    public void Should_refuse_with_a_clear_error_when_the_channel_is_malformed(string channel, string expected)
    {
        Assert.Null(FeedChannel.Parse(System.Text.Encoding.Latin1.GetBytes(channel), out var error));
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData("room:px", true)]
    [InlineData("rooms", false)]
    [InlineData("Room:px", false)]
    [InlineData("prices", false)]
    public void Should_tell_feed_channels_by_their_prefix(string channel, bool isFeed) =>
        Assert.Equal(isFeed, FeedChannel.IsFeed(System.Text.Encoding.Latin1.GetBytes(channel)));
}
