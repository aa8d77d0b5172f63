using System.CommandLine;
using ActorRooms.Clients.Hosting;
using Akka.Configuration;

namespace ActorRooms.Clients.Cli;

/// <summary><c>reader</c>: joins a room or pattern and shows what arrives (live table, or <c>--raw</c> lines).</summary>
public static class ReaderCommand
{
    public static Command Create()
    {
        var shared = new ClientOptions();
        var room = ClientOptions.RoomOption("--room", "Room to join (default prices).");
        var pattern = ClientOptions.RoomOption("--pattern", "Glob pattern to join instead of a room, for example 'prices.*'.", "pattern");
        var raw = new Option<bool>("--raw") { Description = "Print each payload on its own line on stdout, and nothing else there (status goes to stderr)." };
        var count = ClientOptions.CountOption("Exit 0 after this many messages.");
        var snapshot = new Option<bool>("--snapshot") { Description = "Join with ROOM.JOIN ... SNAPSHOT: every symbol's last price at once, then live (ActorRooms)." };
        var policy = new Option<string>("--policy")
        {
            Description = "auto (conflate in the table, SUBSCRIBE in --raw), subscribe, disconnect, drop-oldest or conflate: what the broker does when this reader falls behind.",
        };
        policy.AcceptOnlyFromAmong("auto", "subscribe", "disconnect", "drop-oldest", "conflate");

        var command = new Command("reader", "Join a room (or a pattern) and show the prices that arrive as a live table, or raw.");
        shared.AddTo(command);
        command.Options.Add(room);
        command.Options.Add(pattern);
        command.Options.Add(raw);
        command.Options.Add(count);
        command.Options.Add(snapshot);
        command.Options.Add(policy);
        command.Validators.Add(result =>
        {
            if (result.GetResult(room) is not null && result.GetResult(pattern) is not null)
            {
                result.AddError("--room and --pattern cannot be used together: choose one.");
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            var overrides = shared.Overrides(parse);
            const string section = ReaderSettings.Section;
            if (parse.GetValue(room) is { } roomValue)
            {
                overrides[$"{section}.room"] = roomValue;
                // A room on the command line wins over a pattern from a --config file.
                overrides[$"{section}.pattern"] = string.Empty;
            }

            if (parse.GetValue(pattern) is { } patternValue)
            {
                overrides[$"{section}.pattern"] = patternValue;
            }

            if (parse.GetValue(raw))
            {
                overrides[$"{section}.view"] = "raw";
            }

            if (parse.GetValue(snapshot))
            {
                overrides[$"{section}.snapshot"] = true;
            }

            if (parse.GetValue(policy) is { } policyValue)
            {
                overrides[$"{section}.policy"] = policyValue;
            }

            if (parse.GetValue(count) is { } countValue)
            {
                overrides[$"{section}.count"] = countValue;
            }

            Config config;
            ReaderSettings reader;
            ConnectionSettings connection;
            try
            {
                config = ClientsConfiguration.Load(parse.GetValue(shared.Config)?.FullName, overrides);
                reader = ReaderSettings.Create(config);
                connection = shared.WithCredentials(parse, ConnectionSettings.Create(config));
            }
            catch (ConfigurationException e)
            {
                return await ClientRun.BadSettingsAsync("reader", e);
            }

            return await RunAsync(config, reader, connection, cancellationToken);
        });
        return command;
    }

    /// <summary>Runs a reader with its view until it is done or <paramref name="cancellationToken"/> fires.</summary>
    public static async Task<int> RunAsync(Config config, ReaderSettings reader, ConnectionSettings connection, CancellationToken cancellationToken)
    {
        await using var session = await ReaderSession.StartAsync(config, reader, connection, cancellationToken);
        return await ClientRun.UntilDoneAsync(session.Node.Completion, cancellationToken);
    }
}
