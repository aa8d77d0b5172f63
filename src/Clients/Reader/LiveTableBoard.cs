namespace ActorRooms.Clients.Reader;

/// <summary>
/// The hand-over point between the reader actor and the renderer: the latest snapshot and status, replaced whole
/// (immutable records, one volatile reference each), so neither side waits for the other.
/// </summary>
public sealed class LiveTableBoard
{
    private volatile PriceTableSnapshot _snapshot = PriceTableSnapshot.Empty;
    private volatile ReaderStatus _status;

    /// <summary>A board showing <paramref name="initial"/> until the reader publishes.</summary>
    public LiveTableBoard(ReaderStatus initial) => _status = initial;

    public PriceTableSnapshot Snapshot => _snapshot;

    public ReaderStatus Status => _status;

    /// <summary>Replaces what the view shows.</summary>
    public void Publish(PriceTableSnapshot snapshot, ReaderStatus status)
    {
        _snapshot = snapshot;
        _status = status;
    }
}
