using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorRooms.EndToEnd.Tests.Cluster;

/// <summary>
/// The network between three broker processes, made of TCP relays so that a test can cut one node off and heal it.
/// Node i binds its cluster port on 127.0.0.1 but advertises <see cref="PublicHost"/>(i) and a relay port (Akka.Remote's
/// separate bind and public address, <c>public-hostname</c>/<c>public-port</c>), so every connection to it passes its
/// relay. A connection belongs to the node it goes to and to the node that opened it, which the relay reads from the
/// first bytes (Akka.Remote's handshake names the origin's public address; each node's public host is distinct).
/// <see cref="Isolate"/> stops the bytes of every connection to or from one node, as a network that drops its packets:
/// open connections stall (nothing is closed, so only the failure detectors can tell), new ones are held; <see
/// cref="Heal"/> lets everything held flow on.
/// </summary>
public sealed class NodeRelays : IAsyncDisposable
{
    private const int HandshakeBytes = 8192;
    private readonly List<TcpListener> _listeners = [];
    private readonly List<Socket> _sockets = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private TaskCompletionSource _healed = NewHealed();
    private volatile string? _isolated;

    private readonly List<int> _publicPorts = [];

    private NodeRelays()
    {
    }

    /// <summary>The relay port node i advertises.</summary>
    public IReadOnlyList<int> PublicPorts => _publicPorts;

    /// <summary>The address node i advertises (127.0.0.2, .3, .4: loopback, and none a prefix of another).</summary>
    public static string PublicHost(int node) => $"127.0.0.{node + 2}";

    /// <summary>Starts one relay per node, from its public address to <paramref name="clusterPorts"/>[i] on 127.0.0.1.</summary>
    public static NodeRelays Start(IReadOnlyList<int> clusterPorts)
    {
        var relays = new NodeRelays();
        for (var i = 0; i < clusterPorts.Count; i++)
        {
            var listener = new TcpListener(IPAddress.Parse(PublicHost(i)), 0);
            listener.Start();
            relays._publicPorts.Add(((IPEndPoint)listener.LocalEndpoint).Port);
            relays._listeners.Add(listener);
            relays._loops.Add(relays.AcceptAsync(listener, i, clusterPorts[i]));
        }

        return relays;
    }

    /// <summary>Cuts node <paramref name="node"/> off from the others.</summary>
    public void Isolate(int node) => _isolated = PublicHost(node);

    /// <summary>Lets every held connection flow again.</summary>
    public void Heal()
    {
        _isolated = null;
        Interlocked.Exchange(ref _healed, NewHealed()).TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        Heal();
        foreach (var listener in _listeners)
        {
            listener.Stop();
        }

        lock (_sockets)
        {
            foreach (var socket in _sockets)
            {
                socket.Dispose();
            }
        }

        await Task.WhenAll(_loops.Select(l => l.ContinueWith(_ => { }, TaskScheduler.Default)));
        _stop.Dispose();
    }

    private static TaskCompletionSource NewHealed() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private bool IsCut(string target, string? origin) => _isolated is { } isolated && (isolated == target || isolated == origin);

    private async Task AcceptAsync(TcpListener listener, int node, int clusterPort)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = RelayAsync(client, PublicHost(node), clusterPort);
        }
    }

    private async Task RelayAsync(Socket client, string target, int clusterPort)
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var _ = client;
        client.NoDelay = true;
        Track(client);
        Track(server);
        try
        {
            await server.ConnectAsync(new IPEndPoint(IPAddress.Loopback, clusterPort), _stop.Token);

            // The opener's first bytes (Akka.Remote's associate message) name its public host.
            var first = new byte[HandshakeBytes];
            var length = 0;
            string? origin = null;
            while (origin is null && length < first.Length)
            {
                var read = await client.ReceiveAsync(first.AsMemory(length), _stop.Token);
                if (read == 0)
                {
                    return;
                }

                length += read;
                var text = Encoding.Latin1.GetString(first, 0, length);
                origin = Enumerable.Range(0, 3).Select(PublicHost).FirstOrDefault(h => text.Contains(h, StringComparison.Ordinal));
            }

            await WhileCutAsync(target, origin);
            await server.SendAsync(first.AsMemory(0, length), _stop.Token);
            await Task.WhenAny(PumpAsync(client, server, target, origin), PumpAsync(server, client, target, origin));
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // A node went away, or the relays are disposed: the other side sees the connection close.
        }
        finally
        {
            Untrack(client);
            Untrack(server);
        }
    }

    private async Task PumpAsync(Socket from, Socket to, string target, string? origin)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var read = await from.ReceiveAsync(buffer, _stop.Token);
            if (read == 0)
            {
                to.Shutdown(SocketShutdown.Send);
                return;
            }

            // Bytes read while the link is cut are held until it heals, and nothing more is read meanwhile: the
            // sender's buffers fill, as over a link that drops every packet.
            await WhileCutAsync(target, origin);
            await to.SendAsync(buffer.AsMemory(0, read), _stop.Token);
        }
    }

    private async Task WhileCutAsync(string target, string? origin)
    {
        while (IsCut(target, origin))
        {
            await Volatile.Read(ref _healed).Task.WaitAsync(_stop.Token);
        }
    }

    private void Track(Socket socket)
    {
        lock (_sockets)
        {
            _sockets.Add(socket);
        }
    }

    private void Untrack(Socket socket)
    {
        lock (_sockets)
        {
            _sockets.Remove(socket);
        }
    }
}
