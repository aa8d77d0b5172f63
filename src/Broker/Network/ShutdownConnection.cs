namespace ActorRooms.Broker.Network;

/// <summary>Listener → connection at shutdown: stop taking commands, flush what is queued, close.</summary>
public sealed class ShutdownConnection
{
    public static ShutdownConnection Instance { get; } = new();

    private ShutdownConnection()
    {
    }
}
