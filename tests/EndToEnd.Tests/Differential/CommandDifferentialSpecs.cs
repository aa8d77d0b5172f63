namespace ActorRooms.EndToEnd.Tests.Differential;

/// <summary>Connection commands and command errors: ECHO, CLIENT, HELLO, QUIT, unknown commands, arity and subcommands.</summary>
[Collection(DifferentialCollection.Name)]
public sealed class CommandDifferentialSpecs(DifferentialServers servers)
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public Task Should_echo_the_argument_when_sent_echo(int protocol) =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var client = await run.ConnectAsync("client", protocol);

            await client.SendAsync("ECHO", "Hello, \"world\"!");
            await client.ReceiveAsync();
            await client.SendAsync("echo", "");

            await client.ReceiveAsync();
        });

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public Task Should_quote_the_arguments_when_the_command_is_unknown(int protocol) =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var client = await run.ConnectAsync("client", protocol);

            await client.SendAsync("FOO", "a", "b c");
            await client.ReceiveAsync();
            await client.SendAsync("BAR");
            await client.ReceiveAsync();
            await client.SendAsync("PING");

            await client.ReceiveAsync();
        });

    [Fact]
    public Task Should_cut_the_quoted_arguments_when_an_unknown_command_has_long_ones() =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var client = await run.ConnectAsync("client");

            await client.SendAsync("FOO", new string('x', 100), new string('y', 100), "z");

            await client.ReceiveAsync();
        });

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public Task Should_name_the_command_when_the_argument_count_is_wrong(int protocol) =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var client = await run.ConnectAsync("client", protocol);

            await client.SendAsync("SUBSCRIBE");
            await client.ReceiveAsync();
            await client.SendAsync("PSUBSCRIBE");
            await client.ReceiveAsync();
            await client.SendAsync("PUBLISH", "only-channel");
            await client.ReceiveAsync();
            await client.SendAsync("PUBLISH", "a", "b", "c");
            await client.ReceiveAsync();
            await client.SendAsync("ECHO");

            await client.ReceiveAsync();
        });

    [Theory]
    [InlineData("PUBSUB", "FOO")]
    [InlineData("CLIENT", "FOO")]
    [InlineData("pubsub", "numpat", "extra")]
    public Task Should_point_to_help_when_the_subcommand_is_unknown_or_misused(params string[] command) =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var client = await run.ConnectAsync("client");

            await client.SendAsync(command);

            await client.ReceiveAsync();
        });

    [Fact]
    public Task Should_refuse_a_name_with_a_space_when_client_setname_is_sent() =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var client = await run.ConnectAsync("client");

            await client.SendAsync("CLIENT", "SETNAME", "with space");
            await client.ReceiveAsync();
            await client.SendAsync("CLIENT", "GETNAME");

            await client.ReceiveAsync();
        });

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public Task Should_reply_null_until_a_name_is_set_when_client_getname_is_sent(int protocol) =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var client = await run.ConnectAsync("client", protocol);

            await client.SendAsync("CLIENT", "GETNAME");
            await client.ReceiveAsync();
            await client.SendAsync("CLIENT", "SETNAME", "e2e-client");
            await client.ReceiveAsync();
            await client.SendAsync("CLIENT", "GETNAME");
            await client.ReceiveAsync();
            await client.SendAsync("CLIENT", "SETNAME", "");
            await client.ReceiveAsync();
            await client.SendAsync("CLIENT", "GETNAME");

            await client.ReceiveAsync();
        });

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public Task Should_reply_ok_and_close_when_sent_quit(int protocol) =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var client = await run.ConnectAsync("client", protocol);
            await client.SendAsync("SUBSCRIBE", "quit.channel");
            await client.ReceiveAsync();

            await client.SendAsync("QUIT");

            await client.ReceiveCloseAsync();
        });

    [Fact]
    public Task Should_refuse_with_noproto_when_hello_asks_for_protocol_4() =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var client = await run.ConnectAsync("client");

            await client.SendAsync("HELLO", "4");
            await client.ReceiveAsync();
            await client.SendAsync("CLIENT", "GETNAME");

            await client.ReceiveAsync();
        });

    [Fact]
    public Task Should_refuse_with_an_integer_error_when_hello_gets_a_non_number() =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var client = await run.ConnectAsync("client");

            await client.SendAsync("HELLO", "x");
            await client.ReceiveAsync();
            await client.SendAsync("HELLO", "3", "BOGUS");

            await client.ReceiveAsync();
        });

    [Fact]
    public Task Should_switch_back_to_resp2_pushes_when_hello_2_follows_hello_3() =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var client = await run.ConnectAsync("client", 3);
            var publisher = await run.ConnectAsync("pub");
            await client.SendAsync("SUBSCRIBE", "hello.switch");
            await client.ReceiveAsync();
            await publisher.SendAsync("PUBLISH", "hello.switch", "as push");
            await publisher.ReceiveAsync();
            await client.ReceiveAsync();

            await client.HelloAsync(2);
            await publisher.SendAsync("PUBLISH", "hello.switch", "as array");
            await publisher.ReceiveAsync();

            await client.ReceiveAsync();
        });
}
