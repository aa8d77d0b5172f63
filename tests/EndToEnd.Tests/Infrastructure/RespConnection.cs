using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace ActorRooms.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A raw-socket RESP client: sends bytes exactly as given and reads whole frames back, so tests see the server's
/// bytes unaltered. Every read is bounded by a timeout; a timeout or a close before enough frames arrived throws
/// with what did arrive. <see cref="ConnectTlsAsync"/> makes the same client over TLS (bytes as given, inside TLS).
/// </summary>
public sealed class RespConnection : IAsyncDisposable
{
    /// <summary>How long a read waits for frames that should come; only reached when a test is failing.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    private readonly Socket _socket;
    private readonly SslStream? _tls;
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private bool _peerClosed;

    private RespConnection(Socket socket, SslStream? tls = null)
    {
        _socket = socket;
        _tls = tls;
    }

    /// <summary>True when the connection ended by a reset or an abort (a failed TLS read), not a clean end of stream.</summary>
    public bool WasReset { get; private set; }

    /// <summary>The certificate the server showed in the TLS handshake; null on a plain-text connection.</summary>
    public X509Certificate? ServerCertificate => _tls?.RemoteCertificate;

    /// <summary>
    /// Opens a TLS connection that trusts only <paramref name="authority"/> for the server's certificate and presents
    /// <paramref name="clientCertificate"/> when given. Throws when the handshake fails.
    /// </summary>
    public static async Task<RespConnection> ConnectTlsAsync(IPEndPoint endpoint, X509Certificate2 authority, X509Certificate2? clientCertificate = null)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var timeout = new CancellationTokenSource(DefaultTimeout);
            await socket.ConnectAsync(endpoint, timeout.Token);
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            policy.CustomTrustStore.Add(authority);
            var tls = new SslStream(new NetworkStream(socket, ownsSocket: false));
            await tls.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = "localhost",
                    CertificateChainPolicy = policy,
                    ClientCertificates = clientCertificate is null ? null : [clientCertificate],
                },
                timeout.Token);
            return new RespConnection(socket, tls);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Opens a connection (bounded by <see cref="DefaultTimeout"/>).</summary>
    public static Task<RespConnection> ConnectAsync(IPEndPoint endpoint) => ConnectAsync(endpoint, receiveBufferSize: null);

    /// <summary>Opens a connection whose socket receive buffer is <paramref name="receiveBufferSize"/> bytes (small: a reader that stalls fills it soon).</summary>
    public static async Task<RespConnection> ConnectAsync(IPEndPoint endpoint, int? receiveBufferSize)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (receiveBufferSize is { } size)
        {
            socket.ReceiveBufferSize = size;
        }

        try
        {
            using var timeout = new CancellationTokenSource(DefaultTimeout);
            await socket.ConnectAsync(endpoint, timeout.Token);
            return new RespConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends <paramref name="bytes"/> as they are (one write).</summary>
    public async Task SendAsync(ReadOnlyMemory<byte> bytes)
    {
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        while (!bytes.IsEmpty)
        {
            if (_tls is not null)
            {
                await _tls.WriteAsync(bytes, timeout.Token);
                return;
            }

            var sent = await _socket.SendAsync(bytes, SocketFlags.None, timeout.Token);
            bytes = bytes[sent..];
        }
    }

    /// <summary>Sends one command as a multi-bulk request.</summary>
    public Task SendCommandAsync(params string[] arguments) => SendAsync(Resp.Command(arguments));

    /// <summary>HELLO 3 and its reply: ROOM.JOIN needs RESP3 (its feed is pushes).</summary>
    public async Task SwitchToResp3Async()
    {
        await SendCommandAsync("HELLO", "3");
        await ReadFrameAsync();
    }

    /// <summary>Reads one whole frame.</summary>
    public async Task<byte[]> ReadFrameAsync(TimeSpan? timeout = null) => await ReadFramesAsync(1, timeout);

    /// <summary>Reads exactly <paramref name="count"/> whole frames and returns their bytes; later bytes stay buffered.</summary>
    /// <exception cref="TimeoutException">They did not all arrive in time.</exception>
    /// <exception cref="IOException">The server closed the connection first.</exception>
    public async Task<byte[]> ReadFramesAsync(int count, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? DefaultTimeout);
        var end = _start;
        var found = 0;
        while (found < count)
        {
            var length = RespFrames.Measure(_buffer.AsSpan(end, _end - end));
            if (length > 0)
            {
                end += length;
                found++;
                continue;
            }

            var offset = end - _start;
            if (!await ReceiveAsync(deadline.Token))
            {
                throw new IOException($"The server closed the connection after {found} of {count} frames: {Resp.Show(_buffer.AsSpan(_start, _end - _start))}");
            }

            end = _start + offset;
            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"Received {found} of {count} frames in {timeout ?? DefaultTimeout}: {Resp.Show(_buffer.AsSpan(_start, _end - _start))}");
            }
        }

        var frames = _buffer.AsSpan(_start, end - _start).ToArray();
        _start = end;
        return frames;
    }

    /// <summary>Reads until the server closes the connection; returns what arrived and whether it closed in time.</summary>
    public async Task<(byte[] Received, bool Closed)> ReadUntilClosedAsync(TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? DefaultTimeout);
        while (!_peerClosed && !deadline.IsCancellationRequested)
        {
            await ReceiveAsync(deadline.Token);
        }

        return (TakeBuffered(), _peerClosed);
    }

    /// <summary>Bytes received but not yet returned by a read.</summary>
    public byte[] TakeBuffered()
    {
        var rest = _buffer.AsSpan(_start, _end - _start).ToArray();
        _start = _end = 0;
        return rest;
    }

    public ValueTask DisposeAsync()
    {
        _tls?.Dispose();
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }

    // One socket read into the buffer; false when the peer has closed. A cancelled read returns true with nothing added.
    private async Task<bool> ReceiveAsync(CancellationToken cancellationToken)
    {
        if (_peerClosed)
        {
            return false;
        }

        MakeRoom();
        try
        {
            var received = _tls is null
                ? await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken)
                : await _tls.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (received == 0)
            {
                _peerClosed = true;
                return false;
            }

            _end += received;
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return true;
        }
        catch (Exception e) when (e is SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted }
            || (_tls is not null && e is IOException or System.Security.Authentication.AuthenticationException))
        {
            _peerClosed = true;
            WasReset = true;
            return false;
        }
    }

    private void MakeRoom()
    {
        if (_end < _buffer.Length)
        {
            return;
        }

        var used = _end - _start;
        var target = used * 2 > _buffer.Length ? new byte[_buffer.Length * 2] : _buffer;
        Buffer.BlockCopy(_buffer, _start, target, 0, used);
        _buffer = target;
        _start = 0;
        _end = used;
    }
}
