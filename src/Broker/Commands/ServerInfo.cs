using System.Diagnostics;
using System.Globalization;
using System.Text;
using ActorRooms.Broker.Cluster;
using ActorRooms.Broker.Hosting;
using ActorRooms.Broker.Network.Replies;
using ActorRooms.Broker.Stats;

namespace ActorRooms.Broker.Commands;

/// <summary>
/// The text of INFO: Redis 7's thirteen sections in Redis's order, with Redis's field names where Redis has the field
/// and true values (a broker is always a master, persists nothing and has no keyspace: its fields say so).
/// </summary>
public static class ServerInfo
{
    private static readonly string[] AllSections =
    [
        "server", "clients", "memory", "persistence", "stats", "replication", "cpu", "modules", "commandstats",
        "errorstats", "latencystats", "cluster", "keyspace",
    ];

    // As Redis: no argument or "default" leaves out the per-command sections; "all" and "everything" give them all.
    private static readonly string[] DefaultSections = AllSections.Except(["commandstats", "latencystats"]).ToArray();

    /// <summary>True for a section name INFO knows (or default/all/everything).</summary>
    public static bool IsKnownSection(string name) =>
        name is "default" or "all" or "everything" || AllSections.Contains(name);

    /// <summary>Builds the INFO text for the requested sections (the default ones when none; unknown names give nothing).</summary>
    public static string Build(IReadOnlyCollection<string> requested, BrokerCounters counters, BrokerSettings settings, ClusterView? cluster = null)
    {
        var all = requested.Any(r => r is "all" or "everything");
        var withDefault = requested.Count == 0 || requested.Contains("default");
        var sections = AllSections
            .Where(s => all || requested.Contains(s) || (withDefault && DefaultSections.Contains(s)))
            .ToArray();
        var text = new StringBuilder();
        foreach (var section in sections)
        {
            if (text.Length > 0)
            {
                text.Append("\r\n");
            }

            switch (section)
            {
                case "server":
                    Server(text, counters, settings);
                    break;
                case "clients":
                    Clients(text, counters, settings);
                    break;
                case "memory":
                    Memory(text);
                    break;
                case "cluster":
                    Cluster(text, counters, cluster);
                    break;
                case "stats":
                    Stats(text, counters);
                    break;
                default:
                    InfoRedisSections.Write(section, text, counters);
                    break;
            }
        }

        return text.ToString();
    }

    private static void Server(StringBuilder text, BrokerCounters counters, BrokerSettings settings)
    {
        var uptime = DateTimeOffset.UtcNow - counters.StartedAt;
        text.Append("# Server\r\n");
        Field(text, "redis_version", ServerIdentity.RedisCompatibleVersion);
        Field(text, "actorrooms_version", ServerIdentity.Version);
        Field(text, "redis_mode", "standalone");
        Field(text, "os", Environment.OSVersion.ToString());
        Field(text, "arch_bits", Environment.Is64BitProcess ? 64 : 32);
        Field(text, "runtime", System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription);
        Field(text, "process_id", Environment.ProcessId);
        Field(text, "tcp_port", settings.Port);
        Field(text, "uptime_in_seconds", (long)uptime.TotalSeconds);
        Field(text, "uptime_in_days", (long)uptime.TotalDays);
    }

    private static void Clients(StringBuilder text, BrokerCounters counters, BrokerSettings settings)
    {
        text.Append("# Clients\r\n");
        Field(text, "connected_clients", counters.ConnectedClients);
        Field(text, "maxclients", settings.MaxClients);
        Field(text, "client_output_buffer_limit_bytes", settings.MaxQueuedBytes);
        Field(text, "output_held_bytes", counters.OutputHeldBytes);
        Field(text, "max_total_queued_bytes", settings.MaxTotalQueuedBytes);
        // Nothing blocks and nothing tracks keys in a room broker (redis-cli --stat reads blocked_clients).
        Field(text, "blocked_clients", 0);
        Field(text, "tracking_clients", 0);
    }

    private static void Memory(StringBuilder text)
    {
        using var process = Process.GetCurrentProcess();
        text.Append("# Memory\r\n");
        Field(text, "used_memory", GC.GetTotalMemory(false));
        Field(text, "used_memory_rss", process.WorkingSet64);
        Field(text, "gc_heap_size", GC.GetGCMemoryInfo().HeapSizeBytes);
    }

    private static void Stats(StringBuilder text, BrokerCounters counters)
    {
        text.Append("# Stats\r\n");
        Field(text, "total_connections_received", counters.TotalConnectionsReceived);
        Field(text, "total_commands_processed", counters.TotalCommandsProcessed);
        Field(text, "total_net_input_bytes", counters.NetInputBytes);
        Field(text, "total_net_output_bytes", counters.NetOutputBytes);
        Field(text, "rejected_connections", counters.RejectedConnections);
        Field(text, "pubsub_channels", counters.ActiveChannels);
        Field(text, "pubsub_patterns", counters.ActivePatterns);
        Field(text, "pubsubshard_channels", counters.ActiveShardChannels);
        Field(text, "total_messages_published", counters.MessagesPublished);
        Field(text, "total_messages_delivered", counters.MessagesDelivered);
        Field(text, "client_output_buffer_limit_disconnections", counters.SlowConsumerDisconnections);
        Field(text, "total_protocol_errors", counters.ProtocolErrors);
        Field(text, "acl_access_denied_auth", counters.AuthFailures);
        Field(text, "acl_access_denied_cmd", counters.CommandAccessDenied);
        Field(text, "acl_access_denied_channel", counters.ChannelAccessDenied);
        Field(text, "auth_failure_disconnections", counters.AuthFailureDisconnections);
        Field(text, "room_backlog_bytes", counters.RoomBacklogBytes);
        Field(text, "room_messages_dropped", counters.RoomMessagesDropped);
        Field(text, "room_messages_conflated", counters.RoomMessagesConflated);
    }

    // Redis's INFO has "cluster_enabled" in this section; the rest are ours (membership as this node sees it).
    private static void Cluster(StringBuilder text, BrokerCounters counters, ClusterView? cluster)
    {
        text.Append("# Cluster\r\n");
        Field(text, "cluster_enabled", cluster is null ? 0 : 1);
        if (cluster is null)
        {
            return;
        }

        Field(text, "cluster_self", cluster.SelfAddress);
        Field(text, "cluster_leader", cluster.Leader ?? string.Empty);
        Field(text, "cluster_members", cluster.Members);
        Field(text, "cluster_members_up", cluster.MembersUp);
        Field(text, "cluster_unreachable", cluster.Unreachable);
        Field(text, "cluster_batches_unconfirmed", counters.ClusterBatchesUnconfirmed);
    }

    /// <summary>One <c>name:value</c> line.</summary>
    public static void Field(StringBuilder text, string name, object value) =>
        text.Append(name).Append(':').Append(Convert.ToString(value, CultureInfo.InvariantCulture)).Append("\r\n");
}
