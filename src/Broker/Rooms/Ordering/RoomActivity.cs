namespace ActorRooms.Broker.Rooms.Ordering;

/// <summary>
/// A room's idle bookkeeping: whether anything was published since the last idle check, and whether the room has
/// offered its registry to stop (<see cref="RoomIdle"/>). A room with no members and no publish for a whole idle
/// period offers to stop once; a member joining after the offer revives it.
/// </summary>
public sealed class RoomActivity
{
    private bool _publishedSinceCheck;

    /// <summary>True between the offer to stop and the stop or the revival.</summary>
    public bool OfferedToStop { get; private set; }

    /// <summary>Something was published to (or for) the room.</summary>
    public void Published() => _publishedSinceCheck = true;

    /// <summary>The idle timer starts: only publishes from now on count.</summary>
    public void TimerStarted() => _publishedSinceCheck = false;

    /// <summary>An idle check: true when the room should offer to stop now.</summary>
    public bool Check(bool hasMembers)
    {
        var offer = !hasMembers && !_publishedSinceCheck && !OfferedToStop;
        OfferedToStop |= offer;
        _publishedSinceCheck = false;
        return offer;
    }

    /// <summary>The members changed: true when the room had offered to stop and has members again (it must say so).</summary>
    public bool Revived(bool hasMembers)
    {
        if (!OfferedToStop || !hasMembers)
        {
            return false;
        }

        OfferedToStop = false;
        return true;
    }

    /// <summary>The registry asked the room to stop but it has members again; it stays.</summary>
    public void Stayed() => OfferedToStop = false;
}
