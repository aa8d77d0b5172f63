using System.Buffers;
using System.Globalization;
using ActorRooms.Protocol.Resp;
using static ActorRooms.Protocol.Tests.Resp.ReaderHarness;

namespace ActorRooms.Protocol.Tests.Resp;

/// <summary>The exact bytes of each RESP2/RESP3 reply frame.</summary>
public sealed class RespWriterSpecs
{
    [Fact]
    public void Should_write_a_plus_line_when_writing_a_simple_string()
    {
        // Arrange
        var writer = new ArrayBufferWriter<byte>();

        // Act
        RespWriter.SimpleString(writer, "PONG"u8);

        // Assert
        Assert.Equal("+PONG\r\n", Written(writer));
    }

    [Theory]
    [InlineData("ERR unknown command", "-ERR unknown command\r\n")]
    [InlineData("ERR Protocol error: expected '$', got '\r'", "-ERR Protocol error: expected '$', got ' '\r\n")]
    [InlineData("ERR a\r\nb\nc\rd", "-ERR a  b c d\r\n")]
    public void Should_write_a_single_minus_line_when_writing_an_error(string text, string expected)
    {
        // Arrange
        var writer = new ArrayBufferWriter<byte>();

        // Act
        RespWriter.Error(writer, text);

        // Assert
        Assert.Equal(expected, Written(writer));
    }

    [Theory]
    [InlineData(0L, ":0\r\n")]
    [InlineData(42L, ":42\r\n")]
    [InlineData(-1L, ":-1\r\n")]
    [InlineData(long.MaxValue, ":9223372036854775807\r\n")]
    [InlineData(long.MinValue, ":-9223372036854775808\r\n")]
    public void Should_write_a_colon_line_when_writing_an_integer(long value, string expected)
    {
        // Arrange
        var writer = new ArrayBufferWriter<byte>();

        // Act
        RespWriter.Integer(writer, value);

        // Assert
        Assert.Equal(expected, Written(writer));
    }

    [Theory]
    [InlineData("", "$0\r\n\r\n")]
    [InlineData("hello", "$5\r\nhello\r\n")]
    [InlineData("a\r\nb\0\xff", "$6\r\na\r\nb\0\xff\r\n")]
    public void Should_write_length_and_raw_bytes_when_writing_a_bulk_string(string value, string expected)
    {
        // Arrange
        var writer = new ArrayBufferWriter<byte>();

        // Act
        RespWriter.BulkString(writer, Bytes(value));

        // Assert
        Assert.Equal(expected, Written(writer));
    }

    [Fact]
    public void Should_write_the_utf8_bytes_when_writing_a_text_bulk_string()
    {
        // Arrange
        var writer = new ArrayBufferWriter<byte>();

        // Act
        RespWriter.BulkString(writer, "é");

        // Assert
        Assert.Equal("$2\r\n\xc3\xa9\r\n", Written(writer));
    }

    [Theory]
    [InlineData(RespProtocol.Resp2, "$-1\r\n")]
    [InlineData(RespProtocol.Resp3, "_\r\n")]
    public void Should_write_the_protocol_null_when_writing_null(RespProtocol protocol, string expected)
    {
        // Arrange
        var writer = new ArrayBufferWriter<byte>();

        // Act
        RespWriter.Null(writer, protocol);

        // Assert
        Assert.Equal(expected, Written(writer));
    }

    [Theory]
    [InlineData(RespProtocol.Resp2, "*-1\r\n")]
    [InlineData(RespProtocol.Resp3, "_\r\n")]
    public void Should_write_the_protocol_null_array_when_writing_a_null_array(RespProtocol protocol, string expected)
    {
        // Arrange
        var writer = new ArrayBufferWriter<byte>();

        // Act
        RespWriter.NullArray(writer, protocol);

        // Assert
        Assert.Equal(expected, Written(writer));
    }

    [Theory]
    [InlineData(RespProtocol.Resp2, "*3\r\n")]
    [InlineData(RespProtocol.Resp3, ">3\r\n")]
    public void Should_write_an_array_or_push_header_when_writing_a_push_header(RespProtocol protocol, string expected)
    {
        // Arrange
        var writer = new ArrayBufferWriter<byte>();

        // Act
        RespWriter.PushHeader(writer, 3, protocol);

        // Assert
        Assert.Equal(expected, Written(writer));
    }

    [Theory]
    [InlineData(RespProtocol.Resp2, "*14\r\n")]
    [InlineData(RespProtocol.Resp3, "%7\r\n")]
    public void Should_write_a_flat_array_or_map_header_when_writing_a_map_header(RespProtocol protocol, string expected)
    {
        // Arrange
        var writer = new ArrayBufferWriter<byte>();

        // Act
        RespWriter.MapHeader(writer, 7, protocol);

        // Assert
        Assert.Equal(expected, Written(writer));
    }

    [Theory]
    [InlineData(RespProtocol.Resp2, "*2\r\n")]
    [InlineData(RespProtocol.Resp3, "~2\r\n")]
    public void Should_write_an_array_or_set_header_when_writing_a_set_header(RespProtocol protocol, string expected)
    {
        // Arrange
        var writer = new ArrayBufferWriter<byte>();

        // Act
        RespWriter.SetHeader(writer, 2, protocol);

        // Assert
        Assert.Equal(expected, Written(writer));
    }

    [Fact]
    public void Should_write_a_star_line_when_writing_an_array_header()
    {
        // Arrange
        var writer = new ArrayBufferWriter<byte>();

        // Act
        RespWriter.ArrayHeader(writer, 0);
        RespWriter.ArrayHeader(writer, 12);

        // Assert
        Assert.Equal("*0\r\n*12\r\n", Written(writer));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(99)]
    [InlineData(100)]
    [InlineData(65_536)]
    public void Should_predict_the_written_length_when_sizing_a_bulk_string(int length)
    {
        // Arrange
        var writer = new ArrayBufferWriter<byte>();
        var destination = new byte[length + 64];

        // Act
        RespWriter.BulkString(writer, new byte[length]);
        var writtenDirectly = RespWriter.WriteBulk(destination, new byte[length]);

        // Assert
        Assert.Equal(writer.WrittenCount, RespWriter.BulkStringSize(length));
        Assert.Equal(writtenDirectly, RespWriter.BulkStringSize(length));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(9L)]
    [InlineData(10L)]
    [InlineData(-1L)]
    [InlineData(-10L)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    public void Should_predict_the_written_length_when_sizing_a_header(long value)
    {
        // Arrange
        var destination = new byte[32];

        // Act
        var written = RespWriter.WriteHeader(destination, (byte)'*', value);

        // Assert
        Assert.Equal(written, RespWriter.HeaderSize(value));
        Assert.Equal("*" + value.ToString(CultureInfo.InvariantCulture) + "\r\n", Text(destination.AsSpan(0, written)));
    }

    private static string Written(ArrayBufferWriter<byte> writer) => Text(writer.WrittenSpan);
}
