using ActorRooms.Broker.Commands;
using ActorRooms.Broker.Network.Replies;

namespace ActorRooms.Broker.Tests.Security;

/// <summary>
/// Which commands are for administrators only (<c>admin = on</c>): read from the one command table, so dispatch,
/// the NOPERM check and COMMAND INFO's "admin" flag can never disagree.
/// </summary>
public sealed class AdminCommandSpecs
{
    [Fact]
    public void Should_reserve_exactly_the_server_wide_commands_for_administrators_when_reading_the_table()
    {
        var adminOnly = AllCommands().Where(c => c.AdminOnly).Select(c => c.Name).Order(StringComparer.Ordinal);

        Assert.Equal(["acl|list", "acl|load", "acl|users", "client|kill", "client|list", "monitor"], adminOnly);
    }

    [Theory]
    [InlineData("acl|whoami")]
    [InlineData("client|id")]
    [InlineData("client|info")]
    [InlineData("client|getname")]
    [InlineData("client|setname")]
    [InlineData("client|reply")]
    [InlineData("client|setinfo")]
    [InlineData("ping")]
    [InlineData("hello")]
    [InlineData("command")]
    [InlineData("info")]
    [InlineData("pubsub|channels")]
    public void Should_leave_a_command_about_the_own_connection_to_everyone_when_reading_the_table(string name)
    {
        var command = Assert.Single(AllCommands(), c => c.Name == name);

        Assert.False(command.AdminOnly);
    }

    [Fact]
    public void Should_word_the_refusal_as_redis_7_2_when_a_user_runs_an_administrators_command()
    {
        Assert.Equal("NOPERM User feed has no permissions to run the 'client|kill' command", ErrorReplies.NoPermissionForCommand("feed", "client|kill"));
    }

    private static IEnumerable<CommandSpec> AllCommands() =>
        CommandTable.Commands.Values.SelectMany(c => c.Subcommands.Values.Prepend(c));
}
