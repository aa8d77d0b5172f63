using ActorRooms.Clients.Hosting;
using Akka.Configuration;

namespace ActorRooms.Clients.Cli;

/// <summary>What every client command does around its work: settings errors to stderr, waiting until done or Ctrl+C.</summary>
public static class ClientRun
{
    /// <summary>Prints a settings problem the way every command does and returns <see cref="ExitCodes.BadSettings"/>.</summary>
    public static async Task<int> BadSettingsAsync(string command, ConfigurationException problem)
    {
        await Console.Error.WriteLineAsync($"actor-rooms {command}: {problem.Message}");
        return ExitCodes.BadSettings;
    }

    /// <summary>The client's own exit code when it finishes, or <see cref="ExitCodes.Ok"/> when stopped with Ctrl+C first.</summary>
    public static async Task<int> UntilDoneAsync(Task<int> completion, CancellationToken cancellationToken)
    {
        var stopped = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var registration = cancellationToken.Register(() => stopped.TrySetResult(ExitCodes.Ok));
        var first = await Task.WhenAny(completion, stopped.Task);
        return await first;
    }
}
