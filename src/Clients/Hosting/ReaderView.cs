namespace ActorRooms.Clients.Hosting;

/// <summary>How the reader shows what arrives.</summary>
public enum ReaderView
{
    /// <summary>A live table of prices, redrawn a few times per second.</summary>
    Table,

    /// <summary>Each payload on its own line on stdout, nothing else there.</summary>
    Raw,
}
