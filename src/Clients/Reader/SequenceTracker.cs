using System.Globalization;
using ActorRooms.Protocol.PubSub;
using ActorRooms.Protocol.Resp;

namespace ActorRooms.Clients.Reader;

/// <summary>
/// Checks a room feed's sequence numbers (docs/protocol.md, "Room features"): within an epoch every live seq must be
/// the next one, unless a <c>roomgap</c> (dropped) or <c>roomconflated</c> (only the newest per key) notice said which
/// ones will not come. Anything else is an unexplained gap — what the reader would have missed without being told.
/// A new epoch (the room lost its state) starts the count again and is counted as a reset.
/// </summary>
public sealed class SequenceTracker
{
    private long _epoch;
    private long _expected;
    private long _explainedUntil;
    private bool _inSnapshot;

    /// <summary>True once a room feed frame arrived (the server has room features).</summary>
    public bool Active { get; private set; }

    public long LastSeq { get; private set; }

    public long UnexplainedGaps { get; private set; }

    public long UnexplainedMissing { get; private set; }

    public long Dropped { get; private set; }

    public long Conflations { get; private set; }

    public long Resets { get; private set; }

    /// <summary>Takes one frame of the feed, in arrival order.</summary>
    public void Observe(RoomPushHeader frame)
    {
        Active = true;
        switch (frame.Kind)
        {
            case RoomPushKinds.Joined:
                NewEpochIfChanged(frame.Epoch);
                _expected = frame.From + 1;
                _explainedUntil = frame.From;
                _inSnapshot = false;
                break;
            case RoomPushKinds.Reset:
                Resets++;
                _epoch = frame.Epoch;
                _expected = 1;
                _explainedUntil = 0;
                break;
            case RoomPushKinds.Snapshot:
                _inSnapshot = false;
                break;
            case RoomPushKinds.Gap:
                Dropped += frame.To - frame.From + 1;
                _explainedUntil = Math.Max(_explainedUntil, frame.To);
                break;
            case RoomPushKinds.Conflated:
                Conflations++;
                _explainedUntil = Math.Max(_explainedUntil, frame.To);
                break;
            case RoomPushKinds.Exhausted:
                _explainedUntil = Math.Max(_explainedUntil, frame.To - 1);
                break;
            case RoomPushKinds.Message:
                Message(frame);
                break;
        }
    }

    /// <summary>The next message of a SNAPSHOT join belongs to the snapshot, until <c>roomsnapshot</c>.</summary>
    public void ExpectSnapshot() => _inSnapshot = true;

    /// <summary>One line for the status: last seq and what is known about gaps.</summary>
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"seq {LastSeq:N0} · unexplained gaps {UnexplainedGaps:N0} ({UnexplainedMissing:N0} missing) · dropped {Dropped:N0} · conflations {Conflations:N0} · resets {Resets:N0}");

    private void Message(RoomPushHeader frame)
    {
        if (NewEpochIfChanged(frame.Epoch))
        {
            _expected = frame.From + 1;
            LastSeq = frame.From;
            return;
        }

        LastSeq = frame.From;
        if (_inSnapshot || frame.From < _expected)
        {
            // Snapshot values carry their original (older) seqs; a conflated drain goes back within its range.
            return;
        }

        if (frame.From > _expected && frame.From - 1 > _explainedUntil)
        {
            UnexplainedGaps++;
            UnexplainedMissing += frame.From - Math.Max(_expected, _explainedUntil + 1);
        }

        _expected = frame.From + 1;
    }

    private bool NewEpochIfChanged(long epoch)
    {
        if (_epoch == epoch)
        {
            return false;
        }

        if (_epoch != 0)
        {
            Resets++;
        }

        _epoch = epoch;
        _explainedUntil = 0;
        return true;
    }
}
