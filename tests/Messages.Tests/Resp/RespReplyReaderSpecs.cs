using System.Runtime.InteropServices;
using System.Text;
using ActorRooms.Protocol.Resp;

namespace ActorRooms.Protocol.Tests.Resp;

public sealed class RespReplyReaderSpecs
{
    public static TheoryData<string, string[]> Streams => new()
    {
        { "+OK\r\n", ["\"OK\""] },
        { "-ERR unknown command 'FOO'\r\n", ["(error) ERR unknown command 'FOO'"] },
        { ":0\r\n:-42\r\n:9223372036854775807\r\n", ["(integer) 0", "(integer) -42", "(integer) 9223372036854775807"] },
        { "$5\r\nhello\r\n$0\r\n\r\n$-1\r\n", ["\"hello\"", "\"\"", "(nil)"] },
        { "$4\r\na\r\nb\r\n", ["\"a\r\nb\""] },
        { "*3\r\n$7\r\nmessage\r\n$6\r\nprices\r\n$2\r\n{}\r\n", ["array[\"message\", \"prices\", \"{}\"]"] },
        { "*0\r\n*-1\r\n", ["array[]", "(nil)"] },
        { "*2\r\n*2\r\n:1\r\n:2\r\n*1\r\n*1\r\n+deep\r\n", ["array[array[(integer) 1, (integer) 2], array[array[\"deep\"]]]"] },
        { ">3\r\n$9\r\nsubscribe\r\n$6\r\nprices\r\n:1\r\n", ["push[\"subscribe\", \"prices\", (integer) 1]"] },
        { "%2\r\n+server\r\n+actorrooms\r\n+proto\r\n:3\r\n", ["map[\"server\", \"actorrooms\", \"proto\", (integer) 3]"] },
        { "~2\r\n+a\r\n+b\r\n", ["set[\"a\", \"b\"]"] },
        { "_\r\n", ["(nil)"] },
        { "=15\r\ntxt:Some string\r\n", ["\"Some string\""] },
        { ",3.14\r\n,-inf\r\n,1e10\r\n", ["\"3.14\"", "\"-inf\"", "\"1e10\""] },
        { "#t\r\n#f\r\n", ["(true)", "(false)"] },
        { "(3492890328409238509324850943850943825024385\r\n", ["\"3492890328409238509324850943850943825024385\""] },
        { "!21\r\nSYNTAX invalid syntax\r\n", ["(error) SYNTAX invalid syntax"] },
        { "|1\r\n+key-popularity\r\n%1\r\n$1\r\na\r\n,0.19\r\n:7\r\n", ["(integer) 7"] },
        { "*2\r\n|1\r\n+ttl\r\n:3\r\n+inner\r\n:5\r\n", ["array[\"inner\", (integer) 5]"] },
    };

    [Theory]
    [MemberData(nameof(Streams))]
    public void Should_read_every_value_when_fed_whole(string stream, string[] expected)
    {
        Assert.Equal(expected, ReadAll(Chunks(stream, [])));
    }

    [Theory]
    [MemberData(nameof(Streams))]
    public void Should_read_the_same_values_when_split_at_every_byte(string stream, string[] expected)
    {
        for (var cut = 1; cut < stream.Length; cut++)
        {
            Assert.Equal(expected, ReadAll(Chunks(stream, [cut])));
        }

        // And one byte at a time.
        Assert.Equal(expected, ReadAll(Chunks(stream, [.. Enumerable.Range(1, stream.Length - 1)])));
    }

    [Fact]
    public void Should_slice_the_received_chunk_when_a_bulk_string_lies_whole_in_it()
    {
        var chunk = Encoding.ASCII.GetBytes("$5\r\nhello\r\n");
        var reader = new RespReplyReader(RespReplyLimits.Default);
        reader.Feed(chunk);

        Assert.Equal(RespReplyReadResult.Value, reader.TryRead(out var value));

        Assert.True(MemoryMarshal.TryGetArray(value.Bytes, out var segment));
        Assert.Same(chunk, segment.Array);
        Assert.Equal(4, segment.Offset);
    }

    [Fact]
    public void Should_keep_a_string_cut_across_chunks_intact_when_the_chunks_are_reused()
    {
        var reader = new RespReplyReader(RespReplyLimits.Default);
        var first = Encoding.ASCII.GetBytes("$10\r\nhello");
        var second = Encoding.ASCII.GetBytes("world\r\n");
        reader.Feed(first);
        Assert.Equal(RespReplyReadResult.NeedMoreData, reader.TryRead(out _));
        reader.Feed(second);
        Assert.Equal(RespReplyReadResult.Value, reader.TryRead(out var value));

        first.AsSpan().Fill((byte)'x');
        second.AsSpan().Fill((byte)'x');

        Assert.Equal("helloworld", value.Text);
    }

    public static TheoryData<string, string> Garbled => new()
    {
        { "?what\r\n", "unexpected type byte '?'" },
        { "hello\r\n", "unexpected type byte 'h'" },
        { ":12x\r\n", "invalid integer" },
        { ":+5\r\n", "invalid integer" },
        { "$-2\r\n", "invalid bulk length" },
        { "$abc\r\n", "invalid bulk length" },
        { "$3\r\nabcde\r\n", "string data not followed by CRLF" },
        { "=-1\r\n", "invalid bulk length" },
        { "=3\r\nabc\r\n", "verbatim string without its format prefix" },
        { "*-2\r\n", "invalid aggregate length" },
        { ">-1\r\n", "invalid aggregate length" },
        { "#x\r\n", "invalid boolean" },
        { "_x\r\n", "invalid null" },
        { ",pi\r\n", "invalid double" },
        { "(12a\r\n", "invalid big number" },
        { "+OK\n", "line not ended by CRLF" },
        { "$2000\r\n", "bulk length 2000 is over the limit of 1024" },
        { "*17\r\n", "aggregate of 17 elements is over the limit of 16" },
        { "%9\r\n", "aggregate of 18 elements is over the limit of 16" },
        { "*1\r\n*1\r\n*1\r\n*1\r\n:1\r\n", "aggregates nested deeper than 3" },
        { "+" + new string('a', 100) + "\r\n", "line longer than 64 bytes" },
        { "+" + new string('a', 100), "line longer than 64 bytes" },
    };

    [Theory]
    [MemberData(nameof(Garbled))]
    public void Should_report_a_protocol_error_when_the_stream_is_garbled(string stream, string reason)
    {
        var reader = new RespReplyReader(new RespReplyLimits(MaxBulkLength: 1024, MaxElements: 16, MaxDepth: 3, MaxLineLength: 64));
        reader.Feed(Encoding.Latin1.GetBytes(stream));

        RespReplyReadResult result;
        while ((result = reader.TryRead(out _)) == RespReplyReadResult.Value)
        {
        }

        Assert.Equal(RespReplyReadResult.ProtocolError, result);
        Assert.Equal("Protocol error: " + reason, reader.Error);
        Assert.Equal(RespReplyReadResult.ProtocolError, reader.TryRead(out _));
    }

    [Fact]
    public void Should_not_allocate_the_declared_size_when_an_aggregate_announces_many_elements()
    {
        var reader = new RespReplyReader(RespReplyLimits.Default);
        reader.Feed(Encoding.ASCII.GetBytes("*1000000\r\n:1\r\n"));
        var before = GC.GetAllocatedBytesForCurrentThread();

        Assert.Equal(RespReplyReadResult.NeedMoreData, reader.TryRead(out _));

        // A million 40-byte elements would be 40 MB; only what arrived is held.
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 * 1024);
    }

    private static List<byte[]> Chunks(string stream, int[] cuts)
    {
        var bytes = Encoding.Latin1.GetBytes(stream);
        var chunks = new List<byte[]>();
        var start = 0;
        foreach (var cut in cuts.Append(bytes.Length))
        {
            chunks.Add(bytes[start..cut]);
            start = cut;
        }

        return chunks;
    }

    private static List<string> ReadAll(List<byte[]> chunks)
    {
        var reader = new RespReplyReader(RespReplyLimits.Default);
        var values = new List<string>();
        foreach (var chunk in chunks)
        {
            reader.Feed(chunk);
            RespReplyReadResult result;
            while ((result = reader.TryRead(out var value)) == RespReplyReadResult.Value)
            {
                values.Add(value.ToString());
            }

            Assert.Equal(RespReplyReadResult.NeedMoreData, result);
        }

        return values;
    }
}
