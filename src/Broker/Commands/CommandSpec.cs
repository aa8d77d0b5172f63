namespace ActorRooms.Broker.Commands;

/// <summary>
/// One command (or subcommand) the broker knows: its Redis name, arity and where it may run.
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

    /// <summary>May run before the client authenticated (Redis's <c>no_auth</c> flag).</summary>
    public bool AllowedBeforeAuthentication => Flags.Contains("no_auth");

    /// <summary>True when <paramref name="argumentCount"/> (the name included) fits the arity.</summary>
    public bool AcceptsArgumentCount(int argumentCount) =>
        Arity >= 0 ? argumentCount == Arity : argumentCount >= -Arity;
}
