using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ActorRooms.Broker.Stats;
using static ActorRooms.Broker.Commands.ServerInfo;

namespace ActorRooms.Broker.Commands;

/// <summary>
/// The INFO sections that describe what a room broker is not (persistence, replication, modules, keyspace) and the
/// per-process and per-command figures (cpu, commandstats, errorstats), with redis-server 7's field names so that
/// clients and tools that read them find true values.
/// </summary>
public static class InfoRedisSections
{
    // A replication id as Redis makes one at start (40 hex characters), for clients that compare it across reconnects.
    private static readonly string ReplicationId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    /// <summary>Appends <paramref name="section"/> (a name from INFO's list other than those ServerInfo writes).</summary>
    public static void Write(string section, StringBuilder text, BrokerCounters counters)
    {
        switch (section)
        {
            case "persistence":
                Persistence(text, counters);
                break;
            case "replication":
                Replication(text);
                break;
            case "cpu":
                Cpu(text);
                break;
            case "modules":
                text.Append("# Modules\r\n");
                break;
            case "commandstats":
                CommandStats(text, counters.Commands);
                break;
            case "errorstats":
                ErrorStats(text, counters.Commands);
                break;
            case "latencystats":
                // Per-command latency percentiles are not measured; the section is there, empty, as Redis's is with none.
                text.Append("# Latencystats\r\n");
                break;
            default:
                // No keyspace: channels are not keys and nothing is stored (no db0 line, as Redis with no keys).
                text.Append("# Keyspace\r\n");
                break;
        }
    }

    // Nothing is ever loaded or saved: no RDB, no AOF (aof_enabled:0, rdb_saves:0, last save = start, as Redis at start).
    private static void Persistence(StringBuilder text, BrokerCounters counters)
    {
        text.Append("# Persistence\r\n");
        Field(text, "loading", 0);
        Field(text, "async_loading", 0);
        Field(text, "rdb_changes_since_last_save", 0);
        Field(text, "rdb_bgsave_in_progress", 0);
        Field(text, "rdb_last_save_time", counters.StartedAt.ToUnixTimeSeconds());
        Field(text, "rdb_last_bgsave_status", "ok");
        Field(text, "rdb_last_bgsave_time_sec", -1);
        Field(text, "rdb_current_bgsave_time_sec", -1);
        Field(text, "rdb_saves", 0);
        Field(text, "aof_enabled", 0);
        Field(text, "aof_rewrite_in_progress", 0);
        Field(text, "aof_rewrite_scheduled", 0);
        Field(text, "aof_last_rewrite_time_sec", -1);
        Field(text, "aof_current_rewrite_time_sec", -1);
        Field(text, "aof_last_bgrewrite_status", "ok");
        Field(text, "aof_rewrites", 0);
        Field(text, "aof_last_write_status", "ok");
    }

    // Always a master with no replicas and no backlog (a cluster of brokers is not Redis replication).
    private static void Replication(StringBuilder text)
    {
        text.Append("# Replication\r\n");
        Field(text, "role", "master");
        Field(text, "connected_slaves", 0);
        Field(text, "master_failover_state", "no-failover");
        Field(text, "master_replid", ReplicationId);
        Field(text, "master_replid2", new string('0', 40));
        Field(text, "master_repl_offset", 0);
        Field(text, "second_repl_offset", -1);
        Field(text, "repl_backlog_active", 0);
        Field(text, "repl_backlog_size", 0);
        Field(text, "repl_backlog_first_byte_offset", 0);
        Field(text, "repl_backlog_histlen", 0);
    }

    // The process's CPU seconds, system and user; no child processes are ever started.
    private static void Cpu(StringBuilder text)
    {
        using var process = Process.GetCurrentProcess();
        text.Append("# CPU\r\n");
        Field(text, "used_cpu_sys", Seconds(process.PrivilegedProcessorTime));
        Field(text, "used_cpu_user", Seconds(process.UserProcessorTime));
        Field(text, "used_cpu_sys_children", Seconds(TimeSpan.Zero));
        Field(text, "used_cpu_user_children", Seconds(TimeSpan.Zero));
    }

    // cmdstat_<name>:calls=N,usec=N,usec_per_call=N.NN,rejected_calls=N,failed_calls=N
    private static void CommandStats(StringBuilder text, CommandStats stats)
    {
        text.Append("# Commandstats\r\n");
        foreach (var (name, counts) in stats.Commands())
        {
            var calls = Volatile.Read(ref counts.Calls);
            var usec = Volatile.Read(ref counts.Microseconds);
            var perCall = calls == 0 ? 0 : (double)usec / calls;
            text.Append(CultureInfo.InvariantCulture, $"cmdstat_{name}:calls={calls},usec={usec},usec_per_call={perCall:F2},");
            text.Append(CultureInfo.InvariantCulture, $"rejected_calls={Volatile.Read(ref counts.Rejected)},failed_calls={Volatile.Read(ref counts.Failed)}\r\n");
        }
    }

    // errorstat_<PREFIX>:count=N
    private static void ErrorStats(StringBuilder text, CommandStats stats)
    {
        text.Append("# Errorstats\r\n");
        foreach (var (prefix, count) in stats.Errors())
        {
            text.Append(CultureInfo.InvariantCulture, $"errorstat_{prefix}:count={count}\r\n");
        }
    }

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("F6", CultureInfo.InvariantCulture);
}
