using Microsoft.Extensions.Hosting;

namespace ActorRooms.Broker.Hosting;

/// <summary>
/// A host lifetime that does not listen for Ctrl+C: the command line owns that signal and stops every host of
/// the process in order (the reader before the broker in the demo), instead of each host stopping on its own.
/// </summary>
public sealed class QuietLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
