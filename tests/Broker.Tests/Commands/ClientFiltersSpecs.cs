using ActorRooms.Broker.Commands;
using ActorRooms.Broker.Tests.Network;

namespace ActorRooms.Broker.Tests.Commands;

public sealed class ClientFiltersSpecs
{
    [Fact]
    public void Should_read_type_and_ids_when_listing()
    {
        var filter = ClientFilters.ParseList(SessionHarness.Command("client", "list", "TYPE", "PubSub", "ID", "3", "4"), out var error);

        Assert.Null(error);
        Assert.Equal("pubsub", filter!.Type);
        Assert.Equal([3L, 4L], filter.Ids!.Order());
    }

    [Fact]
    public void Should_skip_the_caller_unless_told_otherwise_when_killing()
    {
        Assert.Equal(7, ClientFilters.ParseKill(SessionHarness.Command("client", "kill", "USER", "bob"), 7, out _)!.SkipId);
        Assert.Null(ClientFilters.ParseKill(SessionHarness.Command("client", "kill", "SKIPME", "no"), 7, out _)!.SkipId);
    }

    [Theory]
    [InlineData("ERR Invalid client ID", "client", "list", "ID", "x")]
    [InlineData("ERR Unknown client type 'robot'", "client", "list", "TYPE", "robot")]
    [InlineData("ERR client-id should be greater than 0", "client", "kill", "ID", "0")]
    [InlineData("ERR syntax error", "client", "kill", "ID")]
    public void Should_answer_with_redis_errors_when_a_filter_is_wrong(string expected, params string[] command)
    {
        var arguments = SessionHarness.Command(command);
        string? error;
        if (command[1] == "list")
        {
            Assert.Null(ClientFilters.ParseList(arguments, out error));
        }
        else
        {
            Assert.Null(ClientFilters.ParseKill(arguments, 1, out error));
        }

        Assert.Equal(expected, error);
    }
}
