using ActorRooms.Protocol.PubSub;

namespace ActorRooms.Clients.Reader;

/// <summary>
/// <c>--raw</c>: each payload exactly as received, followed by a newline, and nothing else — so the output can be
/// piped into other tools. Buffered per socket read and flushed at its end; when the consumer of stdout is slow,
/// the flush blocks the reader actor, which stops reading, and TCP pushes back on the server.
/// </summary>
public sealed class RawOutput(Stream output) : IReaderOutput
{
    private readonly BufferedStream _buffer = new(output, 64 * 1024);

    public void Add(in PubSubMessage message, TimeSpan now)
    {
        _buffer.Write(message.Payload.Span);
        _buffer.WriteByte((byte)'\n');
    }

    public void Flush() => _buffer.Flush();

    public void Refresh(TimeSpan now, ReaderStatus status)
    {
    }
}
