using System.Text;
using System.Text.Json;
using ActorRooms.Protocol.Resp;

namespace ActorRooms.Protocol.Tests.Resp;

/// <summary>What a reader made of a sequence of chunks: the commands in order, then how the last read ended.</summary>
internal sealed record ReadOutcome(IReadOnlyList<string[]> Commands, RespReadResult Last, string? Error)
{
    /// <summary>The commands as JSON (escapes control and high bytes), for readable assertion messages.</summary>
    public string CommandsJson => ReaderHarness.Json(Commands);
}

/// <summary>
/// Drives a <see cref="RespRequestReader"/> the way a connection does: feed a chunk, read until it asks for more,
/// stop at the first protocol error. Bytes are mapped to strings with Latin-1, so every byte value round-trips.
/// </summary>
internal static class ReaderHarness
{
    /// <summary>Limits small enough that every limit is reached with a few bytes.</summary>
    public static RespLimits SmallLimits { get; } = new(MaxBulkLength: 100, MaxInlineLength: 64, MaxArguments: 8);

    public static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);

    public static string Text(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    public static string Json(IEnumerable<string[]> commands) => JsonSerializer.Serialize(commands);

    public static ReadOutcome Read(IEnumerable<byte[]> chunks, RespLimits? limits = null)
    {
        var reader = new RespRequestReader(limits ?? RespLimits.Default);
        var commands = new List<string[]>();
        var arguments = new List<ReadOnlyMemory<byte>>();
        var last = RespReadResult.NeedMoreData;
        foreach (var chunk in chunks)
        {
            reader.Feed(chunk);
            while ((last = reader.TryRead(arguments)) == RespReadResult.Command)
            {
                commands.Add([.. arguments.Select(a => Text(a.Span))]);
            }

            if (last == RespReadResult.ProtocolError)
            {
                break;
            }
        }

        return new ReadOutcome(commands, last, reader.Error);
    }

    public static ReadOutcome Read(string data, RespLimits? limits = null) => Read([Bytes(data)], limits);

    /// <summary>
    /// Every feeding of <paramref name="data"/> the codec specs check: whole, cut in two at every offset
    /// (including an empty first or last chunk), and one byte at a time. Each chunk is its own array.
    /// </summary>
    public static IEnumerable<(string Name, byte[][] Chunks)> Chunkings(byte[] data)
    {
        yield return ("whole", [data.ToArray()]);
        for (var cut = 0; cut <= data.Length; cut++)
        {
            yield return ($"cut at {cut}", [data[..cut], data[cut..]]);
        }

        yield return ("one byte at a time", [.. data.Select(b => new[] { b })]);
    }

    /// <summary>Cuts <paramref name="data"/> at the given offsets (any order, duplicates give empty chunks).</summary>
    public static byte[][] CutAt(byte[] data, IEnumerable<int> offsets)
    {
        var chunks = new List<byte[]>();
        var start = 0;
        foreach (var offset in offsets.Select(o => Math.Clamp(o, 0, data.Length)).Order())
        {
            chunks.Add(data[start..offset]);
            start = offset;
        }

        chunks.Add(data[start..]);
        return [.. chunks];
    }

    /// <summary>The multibulk encoding of one command: <c>*N\r\n</c> then <c>$len\r\n&lt;bytes&gt;\r\n</c> per argument.</summary>
    public static byte[] Multibulk(IReadOnlyList<byte[]> arguments)
    {
        var buffer = new List<byte>();
        buffer.AddRange(Bytes($"*{arguments.Count}\r\n"));
        foreach (var argument in arguments)
        {
            buffer.AddRange(Bytes($"${argument.Length}\r\n"));
            buffer.AddRange(argument);
            buffer.AddRange("\r\n"u8.ToArray());
        }

        return [.. buffer];
    }

    public static byte[] Multibulk(params string[] arguments) => Multibulk([.. arguments.Select(Bytes)]);

    /// <summary>An inline line that carries any bytes: each argument double-quoted, every byte as a <c>\xHH</c> escape.</summary>
    public static byte[] InlineHexQuoted(IReadOnlyList<byte[]> arguments) =>
        Bytes(string.Join(' ', arguments.Select(a => "\"" + string.Concat(a.Select(b => $"\\x{b:x2}")) + "\"")) + "\r\n");
}
