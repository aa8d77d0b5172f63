using ActorRooms.Broker.Rooms;
using Akka.Actor;

namespace ActorRooms.Broker.Tests.Rooms;

public sealed class RoomNamesSpecs
{
    [Theory]
    [InlineData("prices")]
    [InlineData("px.AAPL")]
    [InlineData("with space/and slash")]
    [InlineData("%41")]
    [InlineData("\u0000\u00ff")]
    [InlineData("")]
    [InlineData("                                                            ")]
    [InlineData("x                                                            ")]
    [InlineData("xx                                                            ")]
    public void Should_build_a_valid_actor_name_when_the_room_name_has_any_bytes(string room)
    {
        var name = RoomNames.ActorName(room);

        Assert.True(ActorPath.IsValidPathElement(name), name);
        Assert.StartsWith("room-", name, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_give_different_names_when_rooms_differ_only_in_escaped_bytes()
    {
        Assert.NotEqual(RoomNames.ActorName("a b"), RoomNames.ActorName("a%20b"));
        Assert.NotEqual(RoomNames.ActorName("A"), RoomNames.ActorName("%41"));
    }

    [Fact]
    public void Should_never_split_an_escape_when_a_long_name_is_shortened()
    {
        for (var plain = 0; plain < 3; plain++)
        {
            for (var escapedBytes = 40; escapedBytes < 80; escapedBytes++)
            {
                var name = RoomNames.ActorName(new string('x', plain) + new string(' ', escapedBytes));

                Assert.True(ActorPath.IsValidPathElement(name), name);
            }
        }
    }

    [Fact]
    public void Should_shorten_with_a_hash_when_the_room_name_is_long()
    {
        var longA = new string('a', 500) + "1";
        var longB = new string('a', 500) + "2";

        var nameA = RoomNames.ActorName(longA);

        Assert.True(nameA.Length <= 180);
        Assert.True(ActorPath.IsValidPathElement(nameA));
        Assert.NotEqual(nameA, RoomNames.ActorName(longB));
    }
}
