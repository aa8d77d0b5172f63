using System.Buffers;

namespace ActorRooms.Broker.Tls;

/// <summary>
/// The in-memory "socket" an <see cref="System.Net.Security.SslStream"/> runs over, so TLS needs no second network
/// stack: the connection actor <see cref="Feed"/>s it the ciphertext Akka.IO read, and takes the ciphertext the
/// SslStream wrote with <see cref="TakeOutput"/> to hand to Akka.IO. SslStream reads and writes from thread-pool
/// threads during the handshake, so every member is thread-safe, and the two callbacks only tell the actor
/// (they must not touch its state): <c>starved</c> when a read waits for bytes, <c>outputReady</c> when
/// ciphertext was written outside <see cref="WriteInline"/>.
/// </summary>
public sealed class TlsTransportStream(Action starved, Action outputReady) : Stream
{
    private readonly Lock _gate = new();
    private readonly Queue<ReadOnlyMemory<byte>> _input = new();
    private readonly ArrayBufferWriter<byte> _output = new();
    private TaskCompletionSource<int>? _pendingRead;
    private Memory<byte> _pendingBuffer;
    private ReadOnlyMemory<byte> _current;
    private bool _inputEnded;
    private bool _inline;
    private bool _outputSignalled;

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Ciphertext read from the socket: completes a waiting read, or waits for the next one.</summary>
    public void Feed(ReadOnlyMemory<byte> ciphertext)
    {
        TaskCompletionSource<int>? completed = null;
        var count = 0;
        lock (_gate)
        {
            if (_pendingRead is not null)
            {
                count = Math.Min(ciphertext.Length, _pendingBuffer.Length);
                ciphertext[..count].CopyTo(_pendingBuffer);
                ciphertext = ciphertext[count..];
                (completed, _pendingRead, _pendingBuffer) = (_pendingRead, null, default);
            }

            if (!ciphertext.IsEmpty)
            {
                _input.Enqueue(ciphertext);
            }
        }

        completed?.SetResult(count);
    }

    /// <summary>The peer closed its side: a waiting or later read returns 0 (end of stream) once the input is used up.</summary>
    public void EndInput()
    {
        TaskCompletionSource<int>? completed;
        lock (_gate)
        {
            _inputEnded = true;
            (completed, _pendingRead) = (_pendingRead, null);
        }

        completed?.SetResult(0);
    }

    /// <summary>Runs <paramref name="write"/> (an SslStream write on the actor's thread) without an <c>outputReady</c> signal: the caller takes the output itself.</summary>
    public void WriteInline(Action write)
    {
        lock (_gate)
        {
            _inline = true;
        }

        try
        {
            write();
        }
        finally
        {
            lock (_gate)
            {
                _inline = false;
            }
        }
    }

    /// <summary>The ciphertext written since the last call (empty when none).</summary>
    public byte[] TakeOutput()
    {
        lock (_gate)
        {
            _outputSignalled = false;
            var bytes = _output.WrittenSpan.ToArray();
            _output.ResetWrittenCount();
            return bytes;
        }
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        TaskCompletionSource<int> pending;
        lock (_gate)
        {
            if (_current.IsEmpty && _input.Count > 0)
            {
                _current = _input.Dequeue();
            }

            if (!_current.IsEmpty)
            {
                var count = Math.Min(_current.Length, buffer.Length);
                _current[..count].CopyTo(buffer);
                _current = _current[count..];
                return new ValueTask<int>(count);
            }

            if (_inputEnded)
            {
                return new ValueTask<int>(0);
            }

            // Continuations run on the thread pool, never inside the actor's Feed call.
            pending = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pendingRead = pending;
            _pendingBuffer = buffer;
        }

        // The local, not the field: Feed may complete and clear the field as soon as the lock is released.
        starved();
        return new ValueTask<int>(pending.Task);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        bool signal;
        lock (_gate)
        {
            _output.Write(buffer);
            signal = !_inline && !_outputSignalled;
            _outputSignalled |= signal;
        }

        if (signal)
        {
            outputReady();
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Flush()
    {
        // Nothing is buffered below this stream: written bytes wait in the output for the actor.
    }

    // SslStream reads only asynchronously here (the actor never blocks a thread on the network).
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("TlsTransportStream is read asynchronously only.");

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
