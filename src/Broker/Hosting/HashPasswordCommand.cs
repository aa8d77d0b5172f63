using System.CommandLine;
using System.Text;
using ActorRooms.Broker.Security;

namespace ActorRooms.Broker.Hosting;

/// <summary>
/// <c>hash-password</c>: reads a password from standard input (never from the command line, where <c>ps</c> and
/// shell history would show it) and prints its SHA-256 in hex, plus, with <c>--user</c>, a HOCON user entry to paste
/// into the config.
/// </summary>
public static class HashPasswordCommand
{
    /// <summary>The subcommand; exit 0 with the hash, 1 on misuse (an argument, a bad user name, no password or several lines).</summary>
    public static Command Create()
    {
        var user = new Option<string?>("--user") { Description = "Also print a HOCON user entry with this name (printable ASCII, no spaces)." };
        user.Validators.Add(result =>
        {
            if (result.GetValue(user) is { } name && !SecuritySettings.IsUserName(name))
            {
                result.AddError($"--user '{name}' is not a user name the broker accepts (printable ASCII without spaces).");
            }
        });
        var stray = new Argument<string[]>("password") { Arity = ArgumentArity.ZeroOrMore, Hidden = true };
        stray.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string[]>() is { Length: > 0 })
            {
                result.AddError("hash-password reads the password from standard input, never from the command line (ps and shell history would show it): echo -n 'secret' | ... hash-password");
            }
        });
        var command = new Command(
            "hash-password",
            "Print the SHA-256 (hex) of a password read from standard input, for actor-rooms.broker.security.users. "
            + "The input is one line; one line ending after it is not part of the password (echo 'secret' and echo -n 'secret' hash alike).")
        {
            user,
            stray,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (password, problem) = await ReadPasswordAsync(cancellationToken);
            if (problem is not null)
            {
                await Console.Error.WriteLineAsync($"hash-password: {problem}");
                return CommandLineErrors.Usage;
            }

            var hex = PasswordHash.ToHex(password!);
            await Console.Out.WriteLineAsync(hex);
            if (parse.GetValue(user) is { } name)
            {
                await Console.Out.WriteLineAsync($"# HOCON, in the list actor-rooms.broker.security.users:");
                await Console.Out.WriteLineAsync($"{{ name = \"{Escape(name)}\", password-sha256 = \"{hex}\", enabled = on, publish = [\"prices.*\"], subscribe = [\"prices.*\"] }}");
            }

            return 0;
        });
        return command;
    }

    // The password, or why there is none. One line ending (LF or CRLF) that echo or the terminal adds is dropped;
    // a second line is refused rather than silently cut off.
    private static async Task<(string? Password, string? Problem)> ReadPasswordAsync(CancellationToken cancellationToken)
    {
        string text;
        if (!Console.IsInputRedirected)
        {
            await Console.Error.WriteAsync("Password (not echoed): ");
            var typed = new StringBuilder();
            for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
            {
                typed.Append(key.KeyChar);
            }

            await Console.Error.WriteLineAsync();
            text = typed.ToString();
        }
        else
        {
            text = await Console.In.ReadToEndAsync(cancellationToken);
            text = text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('\n') ? text[..^1] : text;
        }

        return text switch
        {
            "" => (null, "no password on standard input (try: echo -n 'secret' | ... hash-password)."),
            _ when text.Contains('\n', StringComparison.Ordinal) => (null, "the password must be one line (standard input held several)."),
            _ => (text, null),
        };
    }

    private static string Escape(string name) => name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
