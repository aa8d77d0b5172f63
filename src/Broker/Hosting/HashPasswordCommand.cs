using System.CommandLine;
using System.Text;
using ActorRooms.Broker.Security;

namespace ActorRooms.Broker.Hosting;

/// <summary>
/// <c>hash-password</c>: reads a password from standard input (never from the command line, where <c>ps</c> and
/// shell history would show it) and prints its SHA-256 in hex plus a HOCON user entry to paste into the config.
/// </summary>
public static class HashPasswordCommand
{
    /// <summary>The subcommand; exit 0 with the hash, 1 on misuse (an argument, or nothing on stdin).</summary>
    public static Command Create()
    {
        var user = new Option<string>("--user") { Description = "User name for the printed HOCON entry (default alice).", DefaultValueFactory = _ => "alice" };
        var stray = new Argument<string[]>("password") { Arity = ArgumentArity.ZeroOrMore, Hidden = true };
        stray.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string[]>() is { Length: > 0 })
            {
                result.AddError("hash-password reads the password from standard input, never from the command line (ps and shell history would show it): echo -n 'secret' | ... hash-password");
            }
        });
        var command = new Command("hash-password", "Print the SHA-256 (hex) of a password read from standard input, for actor-rooms.broker.security.users.")
        {
            user,
            stray,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var password = await ReadPasswordAsync(cancellationToken);
            if (string.IsNullOrEmpty(password))
            {
                await Console.Error.WriteLineAsync("hash-password: no password on standard input (try: echo -n 'secret' | ... hash-password).");
                return 1;
            }

            var hex = PasswordHash.ToHex(password);
            var name = parse.GetValue(user);
            await Console.Out.WriteLineAsync(hex);
            await Console.Out.WriteLineAsync($"# HOCON, in the list actor-rooms.broker.security.users:");
            await Console.Out.WriteLineAsync($"{{ name = \"{name}\", password-sha256 = \"{hex}\", enabled = on, publish = [\"prices.*\"], subscribe = [\"prices.*\"] }}");
            return 0;
        });
        return command;
    }

    // One line: the trailing newline that "echo" or the terminal adds is not part of the password.
    private static async Task<string?> ReadPasswordAsync(CancellationToken cancellationToken)
    {
        if (!Console.IsInputRedirected)
        {
            await Console.Error.WriteAsync("Password (not echoed): ");
            var typed = new StringBuilder();
            for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
            {
                typed.Append(key.KeyChar);
            }

            await Console.Error.WriteLineAsync();
            return typed.ToString();
        }

        var line = await Console.In.ReadLineAsync(cancellationToken);
        return line?.TrimEnd('\r');
    }
}
