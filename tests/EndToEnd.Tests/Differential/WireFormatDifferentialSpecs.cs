using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Differential;

/// <summary>How requests are framed: inline commands, fragmented and empty requests, and the protocol errors that close the connection.</summary>
[Collection(DifferentialCollection.Name)]
public sealed class WireFormatDifferentialSpecs(DifferentialServers servers)
{
    [Fact]
    public Task Should_run_inline_commands_when_sent_as_plain_text_lines() =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var client = await run.ConnectAsync("client");

            await client.SendRawAsync(Resp.Bytes("PING\r\n"));
            await client.ReceiveAsync();
            await client.SendRawAsync(Resp.Bytes("echo \"quoted words\" \r\n"));
            await client.ReceiveAsync();
            await client.SendRawAsync(Resp.Bytes("SUBSCRIBE a b\r\n"));
            await client.ReceiveAsync(2);
            await client.SendRawAsync(Resp.Bytes("ping\n"));

            await client.ReceiveAsync();
        });

    [Fact]
    public Task Should_ignore_empty_lines_and_empty_multibulks_when_they_precede_a_command() =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var client = await run.ConnectAsync("client");

            await client.SendRawAsync(Resp.Bytes("\r\n\r\n*0\r\n*-1\r\nPING\r\n"));

            await client.ReceiveAsync();
        });

    [Fact]
    public Task Should_assemble_the_command_when_it_arrives_one_byte_at_a_time() =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var client = await run.ConnectAsync("client");
            var command = Resp.Command("SUBSCRIBE", "frag.a", "frag.b");

            foreach (var b in command)
            {
                await client.SendRawAsync([b], "(one byte)");
            }

            await client.ReceiveAsync(2);
        });

    [Theory]
    [InlineData("*1\r\n$-5\r\n")]
    [InlineData("*abc\r\n")]
    [InlineData("*1\r\nx\r\n")]
    [InlineData("*2\r\n$4\r\nECHO\r\n:1\r\n")]
    [InlineData("\"abc\r\n")]
    [InlineData("ECHO 'abc\r\n")]
    [InlineData("*1\r\n$abc\r\n")]
    [InlineData("*3000000000\r\n")]
    [InlineData("*1\r\n$600000000\r\n")]
    public Task Should_reply_a_protocol_error_and_close_when_the_request_is_malformed(string request) =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var client = await run.ConnectAsync("client");
            await client.SendAsync("PING");
            await client.ReceiveAsync();

            await client.SendRawAsync(Resp.Bytes(request));

            await client.ReceiveCloseAsync();
        });

    [Fact]
    public Task Should_answer_the_commands_before_a_protocol_error_when_they_share_one_write() =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var client = await run.ConnectAsync("client");

            await client.SendRawAsync([.. Resp.Command("ECHO", "before"), .. Resp.Bytes("*1\r\n$-5\r\n"), .. Resp.Command("ECHO", "after")]);

            await client.ReceiveCloseAsync();
        });
    [Fact]
    public Task Should_reply_a_protocol_error_and_close_when_an_inline_request_passes_64_kib_without_a_newline() =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var client = await run.ConnectAsync("client");

            // 64 KiB + 1: both servers have read every byte when they refuse it, so the close is clean (FIN, not RST).
            await client.SendRawAsync(Resp.Bytes(new string('a', 65_537)), "65537 x 'a' without a newline");

            await client.ReceiveCloseAsync();
        });
}
