using System.Text;

namespace ActorRooms.Broker.Network.Replies;

/// <summary>The wording of Redis's command errors, so clients that match on it behave as they do with Redis.</summary>
public static class ErrorReplies
{
    /// <summary><c>ERR unknown command 'foo', with args beginning with: 'a' 'b' </c> (at most ~128 chars of arguments).</summary>
    public static string UnknownCommand(IReadOnlyList<ReadOnlyMemory<byte>> arguments)
    {
        var args = new StringBuilder();
        for (var i = 1; i < arguments.Count && args.Length < 128; i++)
        {
            var text = Encoding.Latin1.GetString(arguments[i].Span);
            var room = 128 - args.Length;
            args.Append('\'').Append(text.Length > room ? text[..room] : text).Append("' ");
        }

        var name = Encoding.Latin1.GetString(arguments[0].Span);
        return $"ERR unknown command '{(name.Length > 128 ? name[..128] : name)}', with args beginning with: {args}";
    }

    /// <summary><c>ERR wrong number of arguments for 'subscribe' command</c></summary>
    public static string WrongArity(string name) => $"ERR wrong number of arguments for '{name}' command";

    /// <summary><c>ERR unknown subcommand 'x'. Try PUBSUB HELP.</c></summary>
    public static string UnknownSubcommand(ReadOnlySpan<byte> subcommand, string container)
    {
        var text = Encoding.Latin1.GetString(subcommand);
        return $"ERR unknown subcommand '{(text.Length > 128 ? text[..128] : text)}'. Try {container.ToUpperInvariant()} HELP.";
    }

    /// <summary><c>ERR unknown subcommand or wrong number of arguments for 'CHANNELS'. Try PUBSUB HELP.</c></summary>
    public static string SubcommandSyntax(ReadOnlySpan<byte> subcommand, string container) =>
        $"ERR unknown subcommand or wrong number of arguments for '{Encoding.Latin1.GetString(subcommand)}'. Try {container.ToUpperInvariant()} HELP.";

    /// <summary>ROOM.JOIN on a RESP2 connection: its pushes would be read as replies, so it is refused and the way in for any client named.</summary>
    public const string RoomJoinNeedsResp3 =
        "ERR ROOM.JOIN needs RESP3 (HELLO 3): its messages are pushes, which RESP2 cannot tell from replies. Any client can SUBSCRIBE room:<room>?snapshot instead";

    /// <summary>HELLO 2 on a connection with ROOM.JOIN feeds: their pushes would become RESP2 arrays read as replies.</summary>
    public const string HelloWithRoomFeeds =
        "ERR this connection has ROOM.JOIN feeds, which need RESP3: ROOM.LEAVE them before HELLO 2";

    /// <summary>The RESP2 subscribed-mode refusal, with the command's lower-case full name.</summary>
    public static string NotAllowedWhileSubscribed(string name) =>
        $"ERR Can't execute '{name}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context";

    /// <summary>A command other than AUTH, HELLO, PING, QUIT or RESET before the client authenticated.</summary>
    public const string NoAuth = "NOAUTH Authentication required.";

    /// <summary>HELLO without AUTH from a client that has not authenticated (redis-server 7.0.15's text).</summary>
    public const string HelloNoAuth = "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time";

    /// <summary>Unknown user, wrong password or disabled user: Redis gives the three one answer.</summary>
    public const string WrongPass = "WRONGPASS invalid username-password pair or user is disabled.";

    /// <summary>A room the user may not use (Redis 7.2's text; 7.0 said "this user has no permissions to access one of the channels used as arguments").</summary>
    public const string NoPermissionForChannel = "NOPERM No permissions to access a channel";

    /// <summary>
    /// An administrators' command run by another user (Redis 7.2's text, with the full lower-case name such as
    /// <c>client|kill</c>; 7.0 said "this user has no permissions to run the 'x' command").
    /// </summary>
    public static string NoPermissionForCommand(string user, string command) =>
        $"NOPERM User {user} has no permissions to run the '{command}' command";

    /// <summary>AUTH with one argument while no users are configured (Redis's text for a default user without a password).</summary>
    public const string AuthWithoutPasswords = "ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?";

    /// <summary><c>ERR value is not an integer or out of range</c> (Redis's string2ll refused the argument).</summary>
    public const string NotAnInteger = "ERR value is not an integer or out of range";

    /// <summary>An integer argument outside the 32-bit range a command takes (Redis's getIntFromObjectOrReply).</summary>
    public const string OutOfIntRange = "ERR value is out of range, value must between -2147483648 and 2147483647";

    /// <summary>SELECT beyond the configured databases.</summary>
    public const string DatabaseOutOfRange = "ERR DB index is out of range";

    /// <summary><c>ERR syntax error</c></summary>
    public const string Syntax = "ERR syntax error";
}
