using ActorRooms.Protocol.PubSub;

namespace ActorRooms.Clients.Reader;

/// <summary>
/// The default view's model side: messages go into a <see cref="PriceTable"/> (actor-owned), and every refresh
/// publishes an immutable snapshot to the <see cref="LiveTableBoard"/> that the renderer reads on its own thread.
/// </summary>
public sealed class TableOutput(PriceTable table, LiveTableBoard board) : IReaderOutput
{
    public void Add(in PubSubMessage message, TimeSpan now) => table.Apply(message, now);

    public void Flush()
    {
    }

    public void Refresh(TimeSpan now, ReaderStatus status) => board.Publish(table.Snapshot(now), status);
}
