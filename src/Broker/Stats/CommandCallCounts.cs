namespace ActorRooms.Broker.Stats;

/// <summary>One command's figures (Redis's cmdstat fields): calls, microseconds spent, rejected and failed calls.</summary>
public sealed class CommandCallCounts
{
    public long Calls;
    public long Microseconds;
    public long Rejected;
    public long Failed;

    /// <summary>Clears the figures once they have been added to the broker's totals.</summary>
    public void Clear() => Calls = Microseconds = Rejected = Failed = 0;
}
