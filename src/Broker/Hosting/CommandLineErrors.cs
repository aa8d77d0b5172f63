using System.CommandLine;
using System.CommandLine.Parsing;

namespace ActorRooms.Broker.Hosting;

/// <summary>
/// Runs a command line the way both ActorRooms programs answer a mistake: the errors, then one line pointing at
/// <c>--help</c>, and exit code 1 (System.CommandLine's own code for parse errors) — not the whole help text, in which
/// the one line that matters is easy to miss.
/// </summary>
public static class CommandLineErrors
{
    /// <summary>The exit code of a command line that does not parse.</summary>
    public const int Usage = 1;

    /// <summary>Parses <paramref name="args"/> with <paramref name="root"/> and runs it, or reports its errors.</summary>
    public static async Task<int> InvokeAsync(Command root, string[] args, InvocationConfiguration? configuration = null, CancellationToken cancellationToken = default)
    {
        var parse = root.Parse(args);
        if (parse.Errors.Count == 0)
        {
            return await parse.InvokeAsync(configuration, cancellationToken);
        }

        var error = configuration?.Error ?? Console.Error;
        foreach (var problem in parse.Errors.Select(e => e.Message).Distinct(StringComparer.Ordinal))
        {
            await error.WriteLineAsync(problem);
        }

        await error.WriteLineAsync(parse.CommandResult.Command is RootCommand
            ? "Run with --help for the options."
            : $"Run '{CommandPath(parse.CommandResult)} --help' for its options.");
        return Usage;
    }

    // "reader", or "demo sub" for nested commands: the words after the program's name.
    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? at = result; at is CommandResult { Command: not RootCommand } command; at = at.Parent)
        {
            names.Insert(0, command.Command.Name);
        }

        return string.Join(' ', names);
    }
}
