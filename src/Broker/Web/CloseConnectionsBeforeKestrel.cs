using Akka.Actor;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ActorRooms.Broker.Web;

/// <summary>
/// Runs the broker's coordinated shutdown (stop accepting, flush and close every connection, stop the actor system)
/// when the host begins to stop, before any hosted service stops. Kestrel is such a service, and it stops first: it
/// would wait for every open WebSocket request to end and then abort them, so a browser would get no close frame and
/// its queued messages would be lost. Closing first ends each WebSocket with its messages and a close frame, as a
/// Redis client gets its messages and a FIN; Akka.Hosting's own stop later finds the shutdown done.
/// </summary>
public sealed class CloseConnectionsBeforeKestrel(IServiceProvider services) : IHostedLifecycleService
{
    public Task StoppingAsync(CancellationToken cancellationToken) =>
        services.GetService<ActorSystem>() is { } system
            ? CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClrExitReason.Instance)
            : Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
