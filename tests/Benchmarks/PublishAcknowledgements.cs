using System.Net.Sockets;
using ActorRooms.Benchmarks.Wire;

namespace ActorRooms.Benchmarks;

/// <summary>
/// Reads one publisher's replies and counts the publishes the server has answered: one reply line per publish in RESP
/// (<c>:n</c>), or, in NATS (no reply to PUB), one PONG per write of <c>batch</c> publishes followed by a PING. Lines
/// starting with <c>-</c> are errors, counted apart and never as answers; nats-server's own keepalive PING is neither.
/// Wakes a waiting publisher after each read.
/// </summary>
public sealed class PublishAcknowledgements(Socket socket, IWireProtocol wire, int batch)
{
    private readonly SemaphoreSlim _progress = new(0);
    private long _answerLines;
    private long _errorLines;

    /// <summary>Publishes the server has answered so far.</summary>
    public long Answered => Volatile.Read(ref _answerLines) * (wire.RepliesToEachPublish ? 1 : batch);

    /// <summary>Error replies so far.</summary>
    public long Errors => Volatile.Read(ref _errorLines);

    /// <summary>Waits until the next read of replies, or <paramref name="timeout"/>.</summary>
    public Task WaitForProgressAsync(TimeSpan timeout) => _progress.WaitAsync(timeout);

    /// <summary>Reads until the server closes the connection or the socket is closed.</summary>
    public async Task ReadAsync()
    {
        var buffer = new byte[64 * 1024];
        var column = 0;
        var (first, second) = ((byte)0, (byte)0);
        try
        {
            int n;
            while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None)) > 0)
            {
                long answers = 0;
                long errors = 0;
                foreach (var b in buffer.AsSpan(0, n))
                {
                    (first, second) = column switch { 0 => (b, second), 1 => (first, b), _ => (first, second) };
                    column++;
                    if (b != (byte)'\n')
                    {
                        continue;
                    }

                    if (first == (byte)'-')
                    {
                        errors++;
                    }
                    else if (first != (byte)'P' || second != (byte)'I')
                    {
                        answers++;
                    }

                    column = 0;
                }

                Interlocked.Add(ref _answerLines, answers);
                Interlocked.Add(ref _errorLines, errors);
                if (_progress.CurrentCount == 0)
                {
                    _progress.Release();
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The run is over.
        }
    }
}
