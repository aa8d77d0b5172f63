using System.Text;
using ActorRooms.Protocol.Resp;
using BenchmarkDotNet.Attributes;

namespace ActorRooms.Benchmarks.Micro;

/// <summary>
/// The two codec steps on the fan-out path, per socket read: parsing a pipelined batch of PUBLISH commands (what a
/// publisher's connection does) and encoding a batch of message frames (what a room does once per protocol).
/// Allocations are reported per batch; divide by <see cref="Messages"/> for per message.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class CodecBenchmarks
{
    private readonly List<ReadOnlyMemory<byte>> _arguments = [];
    private byte[] _publishes = [];
    private List<ReadOnlyMemory<byte>> _payloads = [];
    private byte[] _prefix = [];

    /// <summary>Messages per batch: about one 64 KiB read of 128-byte PUBLISHes.</summary>
    [Params(400)]
    public int Messages { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var payload = new string('x', 128);
        _publishes = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat($"*3\r\n$7\r\nPUBLISH\r\n$6\r\nprices\r\n$128\r\n{payload}\r\n", Messages)));
        _payloads = Enumerable.Range(0, Messages).Select(_ => (ReadOnlyMemory<byte>)Encoding.ASCII.GetBytes(payload)).ToList();
        _prefix = PubSubFrames.MessagePrefix("prices"u8, RespProtocol.Resp2);
    }

    [Benchmark(Description = "parse one read of pipelined PUBLISH commands")]
    public int ParsePublishBatch()
    {
        var reader = new RespRequestReader(RespLimits.Default);
        reader.Feed(_publishes);
        var commands = 0;
        while (reader.TryRead(_arguments) == RespReadResult.Command)
        {
            commands++;
        }

        return commands;
    }

    [Benchmark(Description = "encode one batch of message frames")]
    public int EncodeMessageBatch()
    {
        var sink = new ByteCount();
        PubSubFrames.EncodeBatch(_prefix, _payloads, ref sink);
        return sink.Bytes;
    }

    // Counts what the encoder hands over; the broker's sink wraps each buffer in a ByteString instead.
    private struct ByteCount : ISegmentSink
    {
        public int Bytes { get; private set; }

        public void Add(byte[] segment, int length) => Bytes += length;
    }
}
