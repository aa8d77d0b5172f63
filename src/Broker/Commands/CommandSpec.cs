namespace ActorRooms.Broker.Commands;

/// <summary>
/// One command (or subcommand) the broker knows: its Redis name, arity, where it may run, the room permission it
/// needs and its handler. Dispatch, the ACL check and COMMAND INFO all read this one entry.
/// Arity follows Redis: N means exactly N arguments including the name, -N means at least N.
/// </summary>
/// <param name="Name">Lower-case name as Redis prints it in errors (<c>publish</c>, <c>client|setname</c>).</param>
/// <param name="Arity">Redis arity.</param>
/// <param name="AllowedWhileSubscribed">May run in RESP2 while the connection has subscriptions.</param>
/// <param name="Flags">Flags reported by COMMAND INFO.</param>
public sealed record CommandSpec(string Name, int Arity, bool AllowedWhileSubscribed, IReadOnlyList<string> Flags)
{
    /// <summary>Subcommands by upper-case name, for container commands (CLIENT, PUBSUB, COMMAND).</summary>
    public IReadOnlyDictionary<string, CommandSpec> Subcommands { get; init; } = new Dictionary<string, CommandSpec>();

    /// <summary>The rooms the user must be allowed to use for this command to run.</summary>
    public RoomAccess Access { get; init; } = RoomAccess.None;

    /// <summary>
    /// Changes what an earlier query of the same connection reads (its subscriptions, name, protocol or user): while
    /// such a query (PUBSUB, ROOM.MEMBERS, CLIENT LIST…) waits for its answer, this command waits too, so the answer
    /// reflects exactly the commands before it, as in Redis.
    /// </summary>
    public bool WaitsForEarlierQueries { get; init; }

    /// <summary>Runs the command; null only for containers whose subcommands have the handlers.</summary>
    public Action<CommandContext>? Handler { get; init; }

    /// <summary>
    /// Server-wide (Redis's <c>admin</c> flag, the <c>@admin</c> category): only a user with <c>admin = on</c> may run it;
    /// others get <c>-NOPERM User x has no permissions to run the 'client|kill' command</c>. Read once here, not per command.
    /// </summary>
    public bool AdminOnly { get; } = Flags.Contains("admin");

    /// <summary>May run before the client authenticated (Redis's <c>no_auth</c> flag).</summary>
    public bool AllowedBeforeAuthentication => Flags.Contains("no_auth");

    /// <summary>True when <paramref name="argumentCount"/> (the name included) fits the arity.</summary>
    public bool AcceptsArgumentCount(int argumentCount) =>
        Arity >= 0 ? argumentCount == Arity : argumentCount >= -Arity;
}
