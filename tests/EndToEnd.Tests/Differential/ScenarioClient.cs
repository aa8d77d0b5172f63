using System.Security.Cryptography;
using System.Text;
using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Differential;

/// <summary>A client of a scenario: sends requests and records, byte for byte, the frames it reads.</summary>
public sealed class ScenarioClient : IAsyncDisposable
{
    private readonly string _name;
    private readonly RespConnection _connection;
    private readonly StringBuilder _transcript;

    public ScenarioClient(string name, RespConnection connection, StringBuilder transcript)
    {
        _name = name;
        _connection = connection;
        _transcript = transcript;
    }

    /// <summary>The server closed this connection (seen by <see cref="ReceiveCloseAsync"/>).</summary>
    public bool Closed { get; private set; }

    /// <summary>Sends one multi-bulk command.</summary>
    public Task SendAsync(params string[] arguments)
    {
        _transcript.Append(_name).Append(" -> ").AppendJoin(' ', arguments.Select(a => Resp.Show(Resp.Bytes(a)))).AppendLine();
        return _connection.SendAsync(Resp.Command(arguments));
    }

    /// <summary>Sends one multi-bulk command of binary arguments.</summary>
    public Task SendAsync(params byte[][] arguments)
    {
        _transcript.Append(_name).Append(" -> ").AppendJoin(' ', arguments.Select(a => Resp.Show(a))).AppendLine();
        return _connection.SendAsync(Resp.Command(arguments));
    }

    /// <summary>Sends bytes as they are (inline commands, pipelines, malformed input).</summary>
    public Task SendRawAsync(byte[] bytes, string? description = null)
    {
        _transcript.Append(_name).Append(" -> raw ").AppendLine(description ?? Resp.Show(bytes));
        return _connection.SendAsync(bytes);
    }

    /// <summary>Reads <paramref name="frames"/> whole frames and records their bytes.</summary>
    public async Task ReceiveAsync(int frames = 1)
    {
        var bytes = await _connection.ReadFramesAsync(frames);
        _transcript.Append(_name).Append(" <- ").AppendLine(Resp.Show(bytes));
    }

    /// <summary>Reads <paramref name="frames"/> whole frames and records their length and SHA-256 (for frames too large to show).</summary>
    public async Task ReceiveDigestAsync(int frames = 1)
    {
        var bytes = await _connection.ReadFramesAsync(frames);
        _transcript.Append(_name).Append(" <- ").Append(bytes.Length).Append(" bytes, SHA-256 ").AppendLine(Convert.ToHexString(SHA256.HashData(bytes)));
    }

    /// <summary>Reads <paramref name="frames"/> whole frames and records only that they came (their bytes differ by server).</summary>
    public async Task SkipAsync(int frames, string why)
    {
        await _connection.ReadFramesAsync(frames);
        _transcript.Append(_name).Append(" <- (").Append(frames).Append(" frame(s) not compared: ").Append(why).AppendLine(")");
    }

    /// <summary>Switches protocol with HELLO; the reply names the server, so it is read but not compared.</summary>
    public async Task HelloAsync(int protocol)
    {
        await SendAsync("HELLO", protocol.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await SkipAsync(1, "HELLO reply names the server");
    }

    /// <summary>Reads until the server closes the connection, and records what came and whether it closed.</summary>
    public async Task ReceiveCloseAsync()
    {
        var (received, closed) = await _connection.ReadUntilClosedAsync();
        Closed = closed;
        _transcript.Append(_name).Append(" <- ").Append(Resp.Show(received)).AppendLine(closed ? "(connection closed by the server)" : "(still open)");
    }

    /// <summary>Records bytes that arrived beyond the frames read.</summary>
    public void RecordUnread()
    {
        var unread = _connection.TakeBuffered();
        if (unread.Length > 0)
        {
            _transcript.Append(_name).Append(" <- unread: ").AppendLine(Resp.Show(unread));
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
