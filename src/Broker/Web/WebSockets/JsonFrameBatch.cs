using System.Buffers;
using System.Text;
using System.Text.Json;

namespace ActorRooms.Broker.Web.WebSockets;

/// <summary>
/// The JSON frames of one write, in one buffer: each frame is written with the shared <see cref="Utf8JsonWriter"/>
/// between <see cref="Begin"/> and <see cref="End"/> and becomes one WebSocket text message.
/// </summary>
public sealed class JsonFrameBatch
{
    private readonly ArrayBufferWriter<byte> _buffer = new();
    private readonly Utf8JsonWriter _json;
    private readonly List<Range> _frames = [];
    private int _start;

    public JsonFrameBatch() => _json = new Utf8JsonWriter(_buffer, JsonFrames.WriterOptions);

    public int Count => _frames.Count;

    /// <summary>Bytes of every frame.</summary>
    public int Bytes => _buffer.WrittenCount;

    /// <summary>The frames, in order.</summary>
    public IEnumerable<ReadOnlyMemory<byte>> Frames
    {
        get
        {
            var memory = _buffer.WrittenMemory;
            foreach (var range in _frames)
            {
                yield return memory[range];
            }
        }
    }

    public Utf8JsonWriter Begin()
    {
        _json.Reset(_buffer);
        _start = _buffer.WrittenCount;
        return _json;
    }

    public void End()
    {
        _json.Flush();
        _frames.Add(_start.._buffer.WrittenCount);
    }

    /// <summary>Adds a frame made elsewhere.</summary>
    public void Add(byte[] frame)
    {
        _start = _buffer.WrittenCount;
        _buffer.Write(frame);
        _frames.Add(_start.._buffer.WrittenCount);
    }

    /// <summary>Empties the batch for reuse once its frames have been sent.</summary>
    public void Clear()
    {
        _frames.Clear();
        _buffer.Clear();
    }

    /// <summary>A frame's text (tests and logs).</summary>
    public IReadOnlyList<string> Texts() => [.. Frames.Select(frame => Encoding.UTF8.GetString(frame.Span))];
}
