using ActorRooms.Protocol.PubSub;

namespace ActorRooms.Clients.Reader;

/// <summary>
/// Where the reader actor puts what arrives: raw lines on stdout, or the live table. Called only from the reader
/// actor, one batch (one socket read) at a time.
/// </summary>
public interface IReaderOutput
{
    /// <summary>One message, received at <paramref name="now"/> (monotonic).</summary>
    void Add(in PubSubMessage message, TimeSpan now);

    /// <summary>The end of a batch: push out what <see cref="Add"/> buffered.</summary>
    void Flush();

    /// <summary>Called every refresh interval and on every connection change.</summary>
    void Refresh(TimeSpan now, ReaderStatus status);
}
