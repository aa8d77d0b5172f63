namespace ActorRooms.Broker.Network.Replies;

/// <summary>The lines of each container command's HELP, in Redis's wording where Redis has the subcommand.</summary>
public static class HelpTexts
{
    /// <summary>CLIENT HELP.</summary>
    public static readonly IReadOnlyList<string> Client =
    [
        "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "GETNAME",
        "    Return the name of the current connection.",
        "ID",
        "    Return the ID of the current connection.",
        "INFO",
        "    Return information about the current client connection.",
        "KILL <ip:port>",
        "    Kill connection made from <ip:port>.",
        "KILL <option> <value> [<option> <value> [...]]",
        "    Kill connections. Options are: ID <client-id>, TYPE (NORMAL|PUBSUB), USER <username>,",
        "    ADDR <ip:port>, LADDR <ip:port>, SKIPME (YES|NO), MAXAGE <seconds>.",
        "LIST [TYPE (NORMAL|PUBSUB)] [ID <client-id> [<client-id> ...]]",
        "    Return information about client connections.",
        "REPLY (ON|OFF|SKIP)",
        "    Control the replies sent to the current connection.",
        "SETNAME <name>",
        "    Assign the name <name> to the current connection.",
        "SETINFO <LIB-NAME|LIB-VER> <value>",
        "    Set client library name or version.",
        "HELP",
        "    Prints this help.",
    ];

    /// <summary>PUBSUB HELP.</summary>
    public static readonly IReadOnlyList<string> PubSub =
    [
        "PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "CHANNELS [<pattern>]",
        "    Return the currently active channels matching a <pattern> (default: '*').",
        "NUMPAT",
        "    Return number of subscriptions to patterns.",
        "NUMSUB [<channel> ...]",
        "    Return the number of subscribers for the specified channels, excluding",
        "    pattern subscriptions(default: no channels).",
        "SHARDCHANNELS [<pattern>]",
        "    Return the currently active shard level channels matching a <pattern> (default: '*').",
        "SHARDNUMSUB [<shardchannel> ...]",
        "    Return the number of subscribers for the specified shard level channel(s)",
        "HELP",
        "    Prints this help.",
    ];

    /// <summary>COMMAND HELP.</summary>
    public static readonly IReadOnlyList<string> Command =
    [
        "COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "(no subcommand)",
        "    Return details about all commands.",
        "COUNT",
        "    Return the total number of commands in this server.",
        "LIST",
        "    Return a list of all commands in this server.",
        "INFO [<command-name> ...]",
        "    Return details about multiple commands.",
        "DOCS [<command-name> ...]",
        "    Return documentation details about multiple commands (empty here).",
        "HELP",
        "    Prints this help.",
    ];

    /// <summary>ACL HELP.</summary>
    public static readonly IReadOnlyList<string> Acl =
    [
        "ACL <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "LIST",
        "    Show users and their rules (no secrets: not even password hashes).",
        "USERS",
        "    List the user names.",
        "WHOAMI",
        "    Return the user this connection is authenticated as.",
        "LOAD",
        "    Reload the users from the broker's --config file (as SIGHUP does).",
        "HELP",
        "    Prints this help.",
    ];
}
