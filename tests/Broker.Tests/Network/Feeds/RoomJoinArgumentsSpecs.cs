using ActorRooms.Broker.Network.Feeds;
using ActorRooms.Broker.Rooms;

namespace ActorRooms.Broker.Tests.Network.Feeds;

public sealed class RoomJoinArgumentsSpecs
{
    [Fact]
    public void Should_read_every_option_in_any_case_when_well_formed()
    {
        var join = RoomJoinArguments.Parse(SessionHarness.Command("ROOM.JOIN", "px", "last", "5", "POLICY", "Conflate", "MAXRATE", "10", "presence"), out var error);

        Assert.Null(error);
        Assert.Equal(new RoomJoinArguments(new RoomJoinOptions(false, null, 5, true), RoomMemberPolicy.Conflate, 10), join);
    }

    [Theory]
    [InlineData("ERR SNAPSHOT, FROM and LAST cannot be combined", "SNAPSHOT", "FROM", "1")]
    [InlineData("ERR value is not an integer or out of range", "FROM", "-1")]
    [InlineData("ERR unknown policy 'fast' (expected disconnect, drop-oldest or conflate)", "POLICY", "fast")]
    [InlineData("ERR MAXRATE must be an integer from 1 to 1000000", "MAXRATE", "0")]
    [InlineData("ERR syntax error", "MAXRATE")]
    public void Should_name_the_problem_when_an_option_is_wrong(string expected, params string[] options)
    {
        var join = RoomJoinArguments.Parse(SessionHarness.Command(["ROOM.JOIN", "px", .. options]), out var error);

        Assert.Null(join);
        Assert.Equal(expected, error);
    }
}
