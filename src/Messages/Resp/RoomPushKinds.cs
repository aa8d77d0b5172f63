using System.Text;

namespace ActorRooms.Protocol.Resp;

/// <summary>
/// The first element of every ROOM.* push (docs/protocol.md, "Room features"), named once: the broker writes these
/// (<see cref="RoomFrames"/>) and clients tell pushes apart by them (<see cref="PubSub.PubSubPushes"/>).
/// </summary>
public static class RoomPushKinds
{
    /// <summary>The prefix every room push kind starts with.</summary>
    public const string Prefix = "room";

    /// <summary>A ROOM.JOIN feed's message: <c>roommsg room epoch seq key time payload</c>.</summary>
    public const string Message = "roommsg";

    /// <summary>The ROOM.JOIN confirmation.</summary>
    public const string Joined = "roomjoined";

    /// <summary>The ROOM.LEAVE confirmation.</summary>
    public const string Left = "roomleft";

    /// <summary>Messages dropped for this subscriber.</summary>
    public const string Gap = "roomgap";

    /// <summary>Of a range, only the newest message per key follows.</summary>
    public const string Conflated = "roomconflated";

    /// <summary>The requested history is no longer kept.</summary>
    public const string Exhausted = "roomexhausted";

    /// <summary>The end of a join's snapshot.</summary>
    public const string Snapshot = "roomsnapshot";

    /// <summary>The room lost its state and numbers from a new epoch.</summary>
    public const string Reset = "roomreset";

    /// <summary>Presence: a ROOM.JOIN member came.</summary>
    public const string MemberJoined = "roomjoin";

    /// <summary>Presence: a ROOM.JOIN member went.</summary>
    public const string MemberLeft = "roomleave";

    // The same names as bytes, for writing and matching frames without a conversion per frame.
    internal static readonly byte[] PrefixBytes = Ascii(Prefix);
    internal static readonly byte[] MessageBytes = Ascii(Message);
    internal static readonly byte[] JoinedBytes = Ascii(Joined);
    internal static readonly byte[] LeftBytes = Ascii(Left);
    internal static readonly byte[] GapBytes = Ascii(Gap);
    internal static readonly byte[] ConflatedBytes = Ascii(Conflated);
    internal static readonly byte[] ExhaustedBytes = Ascii(Exhausted);
    internal static readonly byte[] SnapshotBytes = Ascii(Snapshot);
    internal static readonly byte[] ResetBytes = Ascii(Reset);
    internal static readonly byte[] MemberJoinedBytes = Ascii(MemberJoined);
    internal static readonly byte[] MemberLeftBytes = Ascii(MemberLeft);

    private static byte[] Ascii(string kind) => Encoding.ASCII.GetBytes(kind);
}
