using ActorRooms.Clients.Connection;
using ActorRooms.Clients.Pump;
using ActorRooms.Clients.Reader;
using ActorRooms.Clients.Terminal;
using Akka.Actor;
using Akka.Configuration;
using ActorRooms.Broker.Hosting;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ActorRooms.Clients.Hosting;

/// <summary>
/// A running pump or reader: an IHost whose Akka.Hosting ActorSystem holds the client's actor and its connection.
/// <see cref="Completion"/> gives the exit code once the client is done (count reached, or it gave up);
/// <see cref="Ready"/> completes once a reader has joined its room (at once for a pump).
/// The program, the menu, the demo and the end-to-end tests all start clients this way.
/// </summary>
public sealed class ClientNode : IAsyncDisposable
{
    private readonly IHost _host;

    private ClientNode(IHost host, ActorSystem system, Task<int> completion, Task ready)
    {
        _host = host;
        System = system;
        Completion = completion;
        Ready = ready;
    }

    /// <summary>The client's actor system.</summary>
    public ActorSystem System { get; }

    /// <summary>The exit code, once the client has finished by itself.</summary>
    public Task<int> Completion { get; }

    /// <summary>Completes when the client is subscribed (reader) or started (pump).</summary>
    public Task Ready { get; }

    /// <summary>Starts a pump publishing as <paramref name="pump"/> says, through a connection as <paramref name="connection"/> says.</summary>
    public static Task<ClientNode> StartPumpAsync(Config config, PumpSettings pump, ConnectionSettings connection, ConsoleStatus status, CancellationToken cancellationToken = default)
    {
        var completion = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        // The probe tells the pump whether the server has ROOM.PUBLISH (ActorRooms) or not (redis-server).
        var connectionProps = RedisConnectionActor.Props(connection with { ClientName = pump.ClientName }, Subscriptions.None, probeRoomFeatures: true);
        return StartAsync(
            "actor-rooms-pump",
            config,
            (system, registry) => registry.Register<PumpActor>(system.ActorOf(PumpActor.Props(pump, connectionProps, status, completion), "pump")),
            completion,
            Task.CompletedTask,
            cancellationToken);
    }

    /// <summary>Starts a reader that joins its room or pattern and shows what arrives on <paramref name="output"/>.</summary>
    public static Task<ClientNode> StartReaderAsync(Config config, ReaderSettings reader, ConnectionSettings connection, IReaderOutput output, CancellationToken cancellationToken = default)
    {
        var completion = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscriptions = reader.Pattern is not null ? Subscriptions.Pattern(reader.Pattern)
            : reader.RoomJoinOptions is { } options ? Subscriptions.RoomFeed(reader.Room, options)
            : Subscriptions.Channel(reader.Room);
        var connectionProps = RedisConnectionActor.Props(connection with { ClientName = reader.ClientName }, subscriptions);
        return StartAsync(
            "actor-rooms-reader",
            config,
            (system, registry) => registry.Register<ReaderActor>(system.ActorOf(ReaderActor.Props(reader, connection.Address, connectionProps, output, completion, ready), "reader")),
            completion,
            ready.Task,
            cancellationToken);
    }

    /// <summary>Stops the actor system (and with it the connection) and the host.</summary>
    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
    }

    private static async Task<ClientNode> StartAsync(
        string systemName,
        Config config,
        Action<ActorSystem, IActorRegistry> startActors,
        TaskCompletionSource<int> completion,
        Task ready,
        CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, QuietLifetime>();
        builder.Services.AddAkka(systemName, (akka, _) => akka
            .AddHocon(config, HoconAddMode.Prepend)
            .ConfigureLoggers(loggers =>
            {
                loggers.ClearLoggers();
                loggers.AddLogger<TerminalLogger>();
                loggers.LogLevel = LogLevelOf(config);
            })
            .WithActors((system, registry) => startActors(system, registry)));
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        var system = host.Services.GetRequiredService<ActorSystem>();
        // If the actor system ends for any other reason, the client is done too.
        _ = system.WhenTerminated.ContinueWith(_ => completion.TrySetResult(ExitCodes.Failed), TaskScheduler.Default);
        return new ClientNode(host, system, completion.Task, ready);
    }

    private static Akka.Event.LogLevel LogLevelOf(Config config) =>
        (config.GetString("akka.loglevel", "INFO") ?? "INFO").ToUpperInvariant() switch
        {
            "DEBUG" => Akka.Event.LogLevel.DebugLevel,
            "WARNING" => Akka.Event.LogLevel.WarningLevel,
            "ERROR" or "OFF" => Akka.Event.LogLevel.ErrorLevel,
            _ => Akka.Event.LogLevel.InfoLevel,
        };
}
