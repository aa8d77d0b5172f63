using ActorRooms.Protocol.Resp;
using static ActorRooms.Protocol.Tests.Resp.ReaderHarness;

namespace ActorRooms.Protocol.Tests.Resp;

/// <summary>
/// Before a client authenticates, Redis holds its multibulk requests to 10 arguments and 16384-byte bulks
/// (networking.c, checked against redis-server 7.0.15); after it authenticates, the configured limits apply again.
/// </summary>
public sealed class RespRequestReaderUnauthenticatedSpecs
{
    public static TheoryData<string, string> OverTheLimits => new()
    {
        { "*11\r\n", "unauthenticated multibulk length" },
        { "*1\r\n$16385\r\n", "unauthenticated bulk length" },
        { "*2\r\n$4\r\nAUTH\r\n$16385\r\n", "unauthenticated bulk length" },
        // The configured limits are checked first, as in Redis (proto-max-bulk-len before the unauthenticated cap).
        { "*1\r\n$99999999999\r\n", "invalid bulk length" },
        // Inline commands are held to the same limits (the docs promise them for every command before AUTH).
        { "PING a b c d e f g h i j k\r\n", "unauthenticated multibulk length" },
        { "AUTH " + new string('x', 16385) + "\n", "unauthenticated bulk length" },
    };

    [Theory]
    [MemberData(nameof(OverTheLimits))]
    public void Should_report_the_unauthenticated_error_when_a_stranger_sends_more_than_redis_allows(string stream, string reason)
    {
        // Arrange
        var expected = "Protocol error: " + reason;

        // Act
        var failures = Chunkings(Bytes(stream))
            .Select(chunking => (chunking.Name, Error: ReadUnauthenticated(chunking.Chunks)))
            .Where(r => r.Error != expected)
            .Select(r => $"{r.Name}: '{r.Error}'")
            .ToList();

        // Assert
        Assert.Empty(failures);
    }

    [Fact]
    public void Should_accept_ten_arguments_and_a_16384_byte_bulk_when_unauthenticated()
    {
        // Arrange
        var reader = new RespRequestReader(RespLimits.Default) { Authenticated = false };
        var arguments = new List<ReadOnlyMemory<byte>>();
        reader.Feed(Multibulk([.. Enumerable.Range(0, 9).Select(i => "a" + i), new string('x', 16384)]));

        // Act
        var result = reader.TryRead(arguments);

        // Assert
        Assert.Equal(RespReadResult.Command, result);
        Assert.Equal(10, arguments.Count);
        Assert.Equal(16384, arguments[9].Length);
    }

    [Fact]
    public void Should_apply_the_configured_limits_when_the_client_authenticates_between_two_commands()
    {
        // Arrange: AUTH and a big PUBLISH in one read; the connection authenticates after the first command.
        var reader = new RespRequestReader(RespLimits.Default) { Authenticated = false };
        var arguments = new List<ReadOnlyMemory<byte>>();
        reader.Feed((byte[])[.. Multibulk("AUTH", "secret"), .. Multibulk("PUBLISH", "room", new string('p', 20000))]);
        Assert.Equal(RespReadResult.Command, reader.TryRead(arguments));

        // Act
        reader.Authenticated = true;
        var second = reader.TryRead(arguments);

        // Assert
        Assert.Equal(RespReadResult.Command, second);
        Assert.Equal(20000, arguments[2].Length);
    }

    private static string? ReadUnauthenticated(byte[][] chunks)
    {
        var reader = new RespRequestReader(RespLimits.Default) { Authenticated = false };
        var arguments = new List<ReadOnlyMemory<byte>>();
        foreach (var chunk in chunks)
        {
            reader.Feed(chunk);
            while (true)
            {
                var result = reader.TryRead(arguments);
                if (result == RespReadResult.ProtocolError)
                {
                    return reader.Error;
                }

                if (result == RespReadResult.NeedMoreData)
                {
                    break;
                }
            }
        }

        return null;
    }
}
