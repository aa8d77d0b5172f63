namespace ActorRooms.Broker.Web.Metrics;

/// <summary>What only the HTTP side counts: the live WebSocket connections (the rest of the connections are TCP).</summary>
public sealed class WebCounters
{
    private long _webSockets;

    public long WebSockets => Volatile.Read(ref _webSockets);

    public void WebSocketOpened() => Interlocked.Increment(ref _webSockets);

    public void WebSocketClosed() => Interlocked.Decrement(ref _webSockets);
}
