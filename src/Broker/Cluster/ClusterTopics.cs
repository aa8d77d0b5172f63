namespace ActorRooms.Broker.Cluster;

/// <summary>The distributed pub/sub topic names. Room names are arbitrary bytes, so the room's topic is a prefix plus the name.</summary>
public static class ClusterTopics
{
    /// <summary>Nodes subscribe here while they have pattern subscribers; owners publish every batch here too.</summary>
    public const string Patterns = "actor-rooms:patterns";

    /// <summary>Nodes subscribe their local room here while it has channel members.</summary>
    public static string Room(string room) => "room:" + room;
}
