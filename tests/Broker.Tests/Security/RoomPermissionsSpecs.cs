using ActorRooms.Broker.Security;
using ActorRooms.Protocol.PubSub;
using FsCheck;
using FsCheck.Fluent;

namespace ActorRooms.Broker.Tests.Security;

/// <summary>The permission decision: globs for rooms, literal equality for patterns, split by direction.</summary>
public sealed class RoomPermissionsSpecs
{
    private static readonly RoomPermissions Reader = Permissions(publish: [], subscribe: ["prices.*", "news"]);

    [Theory]
    [InlineData("prices.AAPL", true)]
    [InlineData("prices.a.b", true)]
    [InlineData("news", true)]
    [InlineData("newsroom", false)]
    [InlineData("chat.x", false)]
    public void Should_match_rooms_against_the_subscribe_globs_when_subscribing(string room, bool allowed) =>
        Assert.Equal(allowed, Reader.CanSubscribe(room));

    [Theory]
    [InlineData("prices.*", true)]
    [InlineData("news", true)]
    [InlineData("prices.a*", false)]
    [InlineData("prices.?", false)]
    [InlineData("*", false)]
    public void Should_require_a_literal_subscribe_glob_when_psubscribing(string pattern, bool allowed) =>
        Assert.Equal(allowed, Reader.CanSubscribePattern(pattern));

    [Fact]
    public void Should_keep_directions_apart_when_a_user_may_only_subscribe()
    {
        Assert.False(Reader.CanPublish("prices.AAPL"));
        Assert.False(Reader.AllowsEverything);
    }

    [Fact]
    public void Should_allow_every_room_and_pattern_when_the_globs_are_stars()
    {
        var open = new RoomPermissions(BrokerUser.OpenDefault);

        Assert.True(open.AllowsEverything);
        Assert.True(open.CanSubscribePattern("[^a]*"));
        Assert.True(open.CanPublish("anything"));
    }

    [Fact]
    public void Should_never_let_an_allowed_pattern_reach_a_room_the_user_may_not_subscribe_to()
    {
        // For every room: if an allowed pattern matches it, subscribing to the room itself is allowed too.
        var rooms = Gen.Elements("prices.", "news", "chat.", "a", "*", "?").ArrayOf().Select(parts => string.Concat(parts));
        Prop.ForAll(rooms.ToArbitrary(), room =>
            new[] { "prices.*", "news" }.Where(p => Reader.CanSubscribePattern(p)).All(p => !GlobPattern.IsMatch(p, room) || Reader.CanSubscribe(room)))
            .QuickCheckThrowOnFailure();
    }

    private static RoomPermissions Permissions(string[] publish, string[] subscribe) =>
        new(BrokerUser.OpenDefault with { Name = "u", Publish = publish, Subscribe = subscribe });
}
