using ActorRooms.Broker.ClientDirectory;
using ActorRooms.Broker.Security;
using ActorRooms.Protocol.Resp;

namespace ActorRooms.Broker.Network.Session;

/// <summary>
/// Who the client of one connection is and how it talks: its id and addresses, name and library, protocol, CLIENT
/// REPLY mode, the user it is logged in as and that user's room permissions. Plain state, changed by the commands.
/// </summary>
public sealed class ClientState(long id, string remoteAddress, string localAddress, DateTime connectedAt)
{
    private static readonly RoomPermissions NoRooms = new(BrokerUser.OpenDefault with { Publish = [], Subscribe = [] });

    private byte[]? _lastPermittedPublishRoom;

    public long Id { get; } = id;

    public string RemoteAddress { get; } = remoteAddress;

    public string LocalAddress { get; } = localAddress;

    public DateTime ConnectedAt { get; } = connectedAt;

    public DateTime LastCommandAt { get; private set; } = connectedAt;

    /// <summary>The last command run, as Redis names it in CLIENT LIST's <c>cmd=</c>.</summary>
    public string LastCommand { get; set; } = "NULL";

    /// <summary>CLIENT SETNAME's name, or null.</summary>
    public string? Name { get; set; }

    public string? LibraryName { get; set; }

    public string? LibraryVersion { get; set; }

    public RespProtocol Protocol { get; set; } = RespProtocol.Resp2;

    public ReplyMode ReplyMode { get; set; } = ReplyMode.On;

    /// <summary>SELECT's database number: shown in CLIENT LIST, otherwise meaningless to pub/sub.</summary>
    public int Database { get; set; }

    /// <summary>The user logged in, or null before AUTH.</summary>
    public BrokerUser? User { get; private set; }

    /// <summary>What the user may publish and subscribe to (nothing before AUTH).</summary>
    public RoomPermissions Permissions { get; private set; } = NoRooms;

    public bool IsAuthenticated => User is not null;

    /// <summary>May run the server-wide commands (CLIENT LIST/KILL, ACL LIST/USERS/LOAD, MONITOR).</summary>
    public bool IsAdmin => User?.Admin == true;

    /// <summary>Starts a command at <paramref name="now"/>; returns true when CLIENT REPLY OFF or SKIP suppresses its reply.</summary>
    public bool BeginCommand(DateTime now)
    {
        LastCommandAt = now;
        var suppressed = ReplyMode != ReplyMode.On;
        if (ReplyMode == ReplyMode.Skip)
        {
            ReplyMode = ReplyMode.On;
        }

        return suppressed;
    }

    public void LogIn(BrokerUser user)
    {
        User = user;
        Permissions = new RoomPermissions(user);
        _lastPermittedPublishRoom = null;
    }

    public void LogOut()
    {
        User = null;
        Permissions = NoRooms;
        _lastPermittedPublishRoom = null;
    }

    /// <summary>True when the user may publish to <paramref name="room"/>; the last room allowed is remembered, so a pipelined run of PUBLISHes to one room is checked once.</summary>
    public bool MayPublish(ReadOnlySpan<byte> room)
    {
        if (_lastPermittedPublishRoom is not null && room.SequenceEqual(_lastPermittedPublishRoom))
        {
            return true;
        }

        if (!Permissions.CanPublish(System.Text.Encoding.Latin1.GetString(room)))
        {
            return false;
        }

        _lastPermittedPublishRoom = room.ToArray();
        return true;
    }

    /// <summary>CLIENT LIST's view of this client, with the figures only the connection knows.</summary>
    public ClientSnapshot Snapshot(DateTime now, int channels, int patterns, long queryBufferBytes, int outputBuffers, long outputBytes) => new(
        Id,
        RemoteAddress,
        LocalAddress,
        Name,
        (long)(now - ConnectedAt).TotalSeconds,
        (long)(now - LastCommandAt).TotalSeconds,
        channels,
        patterns,
        queryBufferBytes,
        outputBuffers,
        outputBytes,
        LastCommand,
        (int)Protocol,
        LibraryName,
        LibraryVersion) { User = User?.Name ?? BrokerUser.DefaultName, Database = Database };

    /// <summary>Redis accepts names of printable ASCII without spaces ('!'..'~'); the empty name clears it.</summary>
    public static bool IsValidName(string name) => name.All(c => c is >= '!' and <= '~');
}
