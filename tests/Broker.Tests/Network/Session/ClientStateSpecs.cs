using ActorRooms.Broker.Network.Session;
using ActorRooms.Broker.Security;

namespace ActorRooms.Broker.Tests.Network.Session;

public sealed class ClientStateSpecs
{
    [Fact]
    public void Should_suppress_only_the_next_reply_when_the_mode_is_skip()
    {
        var client = NewClient();
        client.ReplyMode = ReplyMode.Skip;

        Assert.True(client.BeginCommand(DateTime.UtcNow));
        Assert.False(client.BeginCommand(DateTime.UtcNow));
        Assert.Equal(ReplyMode.On, client.ReplyMode);
    }

    [Fact]
    public void Should_suppress_every_reply_when_the_mode_is_off()
    {
        var client = NewClient();
        client.ReplyMode = ReplyMode.Off;

        Assert.True(client.BeginCommand(DateTime.UtcNow));
        Assert.True(client.BeginCommand(DateTime.UtcNow));
    }

    [Fact]
    public void Should_allow_publishing_only_where_the_user_may_when_logged_in()
    {
        var client = NewClient();
        Assert.False(client.IsAuthenticated);
        Assert.False(client.MayPublish("prices"u8));

        client.LogIn(BrokerUser.OpenDefault with { Publish = ["prices*"] });

        Assert.True(client.MayPublish("prices.eu"u8));
        Assert.True(client.MayPublish("prices.eu"u8));
        Assert.False(client.MayPublish("news"u8));
    }

    [Fact]
    public void Should_describe_itself_with_the_user_and_counts_when_listed()
    {
        var client = NewClient();
        client.LogIn(BrokerUser.OpenDefault);
        client.Name = "feed";

        var snapshot = client.Snapshot(client.ConnectedAt.AddSeconds(3), channels: 2, patterns: 1, queryBufferBytes: 0, outputBuffers: 0, outputBytes: 0);

        Assert.Equal(3, snapshot.AgeSeconds);
        Assert.Equal("feed", snapshot.Name);
        Assert.True(snapshot.IsPubSub);
        Assert.Equal(BrokerUser.DefaultName, snapshot.User);
    }

    [Theory]
    [InlineData("worker-1", true)]
    [InlineData("", true)]
    [InlineData("has space", false)]
    [InlineData("new\nline", false)]
    public void Should_accept_printable_names_without_spaces_when_named(string name, bool valid) =>
        Assert.Equal(valid, ClientState.IsValidName(name));

    private static ClientState NewClient() => new(1, "127.0.0.1:1", "127.0.0.1:2", DateTime.UtcNow);
}
