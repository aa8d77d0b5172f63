using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace ActorRooms.EndToEnd.Tests.Web;

/// <summary>
/// A test's WebSocket client of the broker's <c>/ws</c>, on .NET's <see cref="ClientWebSocket"/>: sends ops as JSON
/// text and reads every frame the broker sends into a queue, unless created <c>stalled</c> (it then reads nothing
/// until <see cref="StartReading"/>, as a frozen browser tab would).
/// </summary>
public sealed class WsClient : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly ClientWebSocket _socket;
    private readonly Channel<JsonElement> _frames = Channel.CreateUnbounded<JsonElement>();
    private readonly CancellationTokenSource _stop = new();
    private Task? _reading;
    private int _received;

    private WsClient(ClientWebSocket socket) => _socket = socket;

    /// <summary>Why the server closed the socket, once it did (null while open).</summary>
    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public WebSocketState State => _socket.State;

    /// <summary>Why reading ended when it was not a close frame (an abort, a reset), for failure messages.</summary>
    public string? EndedBy { get; private set; }

    /// <summary>How many frames have arrived so far (read or not), safe to poll from the test's thread.</summary>
    public int Received => Volatile.Read(ref _received);

    /// <summary>Frames received, in order, as raw text (for failure messages).</summary>
    public List<string> Log { get; } = [];

    /// <summary>Opens <c>ws://endpoint/ws</c>; with <paramref name="stalled"/> nothing is read until <see cref="StartReading"/>.</summary>
    public static async Task<WsClient> ConnectAsync(IPEndPoint http, bool stalled = false, int? receiveBufferSize = null)
    {
        var socket = new ClientWebSocket();
        if (receiveBufferSize is { } size)
        {
            socket.Options.SetBuffer(size, 4096);
        }

        using var timeout = new CancellationTokenSource(DefaultTimeout);
        await socket.ConnectAsync(new Uri($"ws://{http}/ws"), timeout.Token);
        var client = new WsClient(socket);
        if (!stalled)
        {
            client.StartReading();
        }

        return client;
    }

    /// <summary>Starts (or resumes) reading frames.</summary>
    public void StartReading() => _reading ??= ReadAllAsync();

    /// <summary>Sends one op (serialized from an anonymous object or a dictionary).</summary>
    public Task SendAsync(object op) => SendTextAsync(JsonSerializer.Serialize(op));

    /// <summary>Sends any text as one message.</summary>
    public async Task SendTextAsync(string text)
    {
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, timeout.Token);
    }

    /// <summary>The next frame.</summary>
    public async Task<JsonElement> NextAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            return await _frames.Reader.ReadAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No frame within {timeout ?? DefaultTimeout}; received so far:\n{string.Join("\n", Log)}");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"The socket closed ({CloseStatus}); received:\n{string.Join("\n", Log)}");
        }
    }

    /// <summary>The next frame, which must be of <paramref name="type"/>.</summary>
    public async Task<JsonElement> NextAsync(string type, TimeSpan? timeout = null)
    {
        var frame = await NextAsync(timeout);
        Assert.True(frame.GetProperty("type").GetString() == type, $"Expected a '{type}' frame, got {frame.GetRawText()}");
        return frame;
    }

    /// <summary>Skips frames until one of <paramref name="type"/>.</summary>
    public async Task<JsonElement> UntilAsync(string type, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            var frame = await NextAsync(left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1));
            if (frame.GetProperty("type").GetString() == type)
            {
                return frame;
            }
        }
    }

    /// <summary>True when no frame is waiting right now.</summary>
    public bool NothingPending => !_frames.Reader.TryPeek(out _);

    /// <summary>Waits until the server has closed the socket (the reader saw the close or the connection ended).</summary>
    public async Task<bool> ClosedWithinAsync(TimeSpan timeout)
    {
        StartReading();
        return await Task.WhenAny(_reading!, Task.Delay(timeout)) == _reading;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Abort();
        if (_reading is not null)
        {
            await _reading;
        }

        _socket.Dispose();
        _stop.Dispose();
    }

    private async Task ReadAllAsync()
    {
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer.AsSpan(0, result.Count));
                if (result.EndOfMessage)
                {
                    var text = Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
                    Log.Add(text);
                    _frames.Writer.TryWrite(JsonDocument.Parse(text).RootElement.Clone());
                    Interlocked.Increment(ref _received);
                    message.SetLength(0);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The socket ended: the test reads what arrived before.
            EndedBy = e.Message;
        }
        finally
        {
            _frames.Writer.TryComplete();
        }
    }
}
