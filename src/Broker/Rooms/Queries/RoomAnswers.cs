using ActorRooms.Broker.Rooms.Ledger;
using HdrHistogram;

namespace ActorRooms.Broker.Rooms.Queries;

/// <summary>The answers to the room questions, built from the room's figures and its members' descriptions; no actor.</summary>
public static class RoomAnswers
{
    /// <summary>ROOM.LAST: the last value of <paramref name="key"/>, or of every key when it is null.</summary>
    public static RoomLastAnswered Last(long requestId, RoomLedger ledger, string? key)
    {
        IReadOnlyList<RoomEntry> values = key is null
            ? ledger.LastValues()
            : ledger.TryGetLastValue(key, out var entry) ? [entry] : [];
        return new RoomLastAnswered(requestId, ledger.Epoch, ledger.LastSeq, values);
    }

    /// <summary>ROOM.MEMBERS or ROOM.INFO, once the members have described themselves (ordered by client id).</summary>
    public static object MembersOrInfo(
        RoomMembersGathered gathered,
        string room,
        RoomLedger ledger,
        int channelMembers,
        int feedMembers,
        int patternSubscribers,
        long nowMs)
    {
        var states = gathered.States.OrderBy(s => s.ClientId).ToList();
        if (!gathered.Query.ForInfo)
        {
            return new RoomMembersAnswered(gathered.Query.RequestId, states);
        }

        var info = new RoomInfo(
            room,
            ledger.Epoch,
            ledger.LastSeq,
            ledger.OldestSeq,
            channelMembers,
            feedMembers,
            patternSubscribers,
            ledger.Telemetry(nowMs),
            gathered.Asked,
            states,
            MergedLatency(states));
        return new RoomInfoAnswered(gathered.Query.RequestId, info);
    }

    /// <summary>The feed members' publish-to-deliver latency percentiles merged (µs), or null when none has any.</summary>
    public static Dictionary<string, long>? MergedLatency(IEnumerable<RoomMemberState> states)
    {
        HistogramBase? merged = null;
        foreach (var feed in states.Select(s => s.Feed).OfType<RoomFeedState>())
        {
            if (feed.Latency.TotalCount == 0)
            {
                continue;
            }

            if (merged is null)
            {
                merged = feed.Latency.Copy();
            }
            else
            {
                merged.Add(feed.Latency);
            }
        }

        if (merged is null)
        {
            return null;
        }

        return new Dictionary<string, long>
        {
            ["p50"] = merged.GetValueAtPercentile(50),
            ["p90"] = merged.GetValueAtPercentile(90),
            ["p99"] = merged.GetValueAtPercentile(99),
            ["p999"] = merged.GetValueAtPercentile(99.9),
            ["max"] = merged.GetMaxValue(),
        };
    }
}
