using System.Globalization;
using ActorRooms.Clients.Connection;
using ActorRooms.Clients.Hosting;
using ActorRooms.Clients.Prices;
using ActorRooms.Protocol.Resp;
using ActorRooms.Clients.Terminal;
using Akka.Actor;
using Akka.Event;

namespace ActorRooms.Clients.Pump;

/// <summary>
/// The pump: a periodic timer produces price ticks (a seeded geometric random walk per symbol, round-robin over the
/// symbols) and publishes them through its <see cref="RedisConnectionActor"/>. Each tick sends as many PUBLISHes
/// as the configured rate owes since the last one (fractions carry over), in one write; at most
/// <c>max-in-flight</c> of them wait for their <c>:N</c> reply at any time, so a slow server slows the pump
/// instead of growing memory. Every status interval it shows the confirmed rate and the receivers of its last
/// PUBLISH. With <c>count</c> it stops once that many are sent and answered.
/// </summary>
public sealed class PumpActor : ReceiveActor, IWithTimers
{
    private readonly PumpSettings _settings;
    private readonly Props _connectionProps;
    private readonly ConsoleStatus _status;
    private readonly TaskCompletionSource<int> _completion;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly PriceWalk _walk;
    private readonly byte[][] _quotedSymbols;
    private readonly byte[][] _commandPrefixes;
    private readonly byte[][] _roomCommandPrefixes;
    private readonly byte[][] _keySuffixes;
    private readonly PublishBatchWriter _batch = new();
    private readonly string _target;
    private IActorRef _connection = ActorRefs.Nobody;
    private bool _connected;

    // The server has ROOM.PUBLISH (an ActorRooms broker): prices go with KEY <symbol>, so the room keeps each symbol's
    // last value for readers that join with SNAPSHOT. Until the connection's probe says so, and with redis-server, PUBLISH.
    private bool _roomPublish;
    private string _connectionState = "connecting";
    private DateTimeOffset _lastTick;
    private double _carry;
    private int _nextSymbol;
    private long _seq;
    private long _sent;
    private long _confirmed;
    private long _errors;
    private long _lost;
    private int _inFlight;
    private long _lastReceivers = -1;
    private string? _lastError;
    private long _confirmedAtLastReport;
    private DateTimeOffset _lastReportAt;
    private DateTimeOffset? _firstSendAt;
    private bool _finished;

    public PumpActor(PumpSettings settings, Props connectionProps, ConsoleStatus status, TaskCompletionSource<int> completion)
    {
        _settings = settings;
        _connectionProps = connectionProps;
        _status = status;
        _completion = completion;
        var seed = settings.Seed ?? Random.Shared.Next();
        _walk = new PriceWalk(seed, [.. settings.Symbols.Select(settings.StartPriceFor)], settings.Volatility);
        _quotedSymbols = [.. settings.Symbols.Select(PriceMessageFormat.EncodeSymbol)];
        _commandPrefixes = [.. settings.Symbols.Select(s => PublishBatchWriter.CommandPrefix(settings.RoomFor(s)))];
        _roomCommandPrefixes = [.. settings.Symbols.Select(s => PublishBatchWriter.RoomCommandPrefix(settings.RoomFor(s)))];
        _keySuffixes = [.. settings.Symbols.Select(PublishBatchWriter.KeySuffix)];
        _target = settings.PerSymbolRooms ? $"'{settings.Room}.<SYMBOL>'" : $"'{settings.Room}'";

        Receive<Tick>(_ => OnTick());
        Receive<Report>(_ => OnReport());
        Receive<RedisConnected>(_ => OnConnected());
        Receive<RedisReplies>(OnReplies);
        Receive<CommandsDropped>(dropped =>
        {
            _inFlight -= dropped.Count;
            _lost += dropped.Count;
            CheckFinished();
        });
        Receive<RedisDisconnected>(OnDisconnected);
        Receive<RedisGaveUp>(gaveUp =>
        {
            _status.SetStatusLine($"pump: {gaveUp.Reason}; giving up" + (gaveUp.ExitCode == ExitCodes.Unreachable ? " (--no-retry)" : string.Empty));
            _completion.TrySetResult(gaveUp.ExitCode);
            Context.Stop(Self);
        });
        Receive<RedisSubscribed>(_ => { });
        // Comes just before RedisConnected on every connect when the connection probes (ClientNode's pump does).
        Receive<RedisServerFeatures>(features =>
        {
            _roomPublish = features.RoomFeatures;
            _log.Info(features.RoomFeatures ? "The server has room features: publishing with ROOM.PUBLISH ... KEY <symbol>" : "The server has no room features: publishing with PUBLISH");
        });
        Receive<RedisMessages>(_ => Sender.Tell(MessagesHandled.Instance));

        if (settings.Seed is null)
        {
            _log.Info("Random walk seed {0} (pass --seed {0} to repeat these prices)", seed);
        }
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>
    /// Props for a pump that talks through a child made from <paramref name="connectionProps"/> (a
    /// <see cref="RedisConnectionActor"/>, or a stand-in in tests) and completes <paramref name="completion"/> with
    /// the process exit code when it is done.
    /// </summary>
    public static Props Props(PumpSettings settings, Props connectionProps, ConsoleStatus status, TaskCompletionSource<int> completion) =>
        Akka.Actor.Props.Create(() => new PumpActor(settings, connectionProps, status, completion));

    protected override void PreStart()
    {
        _connection = Context.ActorOf(_connectionProps, "connection");
        _lastTick = Now;
        _lastReportAt = Now;
        Timers.StartPeriodicTimer(Tick.Instance, Tick.Instance, _settings.TickInterval);
        Timers.StartPeriodicTimer(Report.Instance, Report.Instance, _settings.StatusInterval);
    }

    protected override void PostStop() => _completion.TrySetResult(ExitCodes.Ok);

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    private void OnConnected()
    {
        _connected = true;
        _connectionState = "connected";
        // Owe nothing for the time spent connecting: start the rate from now.
        _lastTick = Now;
        _carry = 0;
    }

    private void OnDisconnected(RedisDisconnected disconnected)
    {
        _connected = false;
        _connectionState = $"{disconnected.Reason}; retry {disconnected.Attempt} in {disconnected.RetryIn.TotalSeconds:0.#} s";
        if (_inFlight > 0)
        {
            _log.Warning("{0} publishes were sent but not confirmed before the connection was lost", _inFlight);
            _lost += _inFlight;
            _inFlight = 0;
        }

        CheckFinished();
    }

    private void OnTick()
    {
        var now = Now;
        var elapsed = now - _lastTick;
        _lastTick = now;
        if (!_connected || _finished || IsAllSent)
        {
            return;
        }

        // After a pause (GC, a slow machine) catch up at most a few ticks' worth, not in one burst.
        var maxElapsed = _settings.TickInterval * 5;
        elapsed = elapsed < TimeSpan.Zero ? TimeSpan.Zero : elapsed > maxElapsed ? maxElapsed : elapsed;
        var owed = _carry + (_settings.Rate * elapsed.TotalSeconds);
        // A hair of tolerance so that 1000/s × 10 ms is 10 messages, not 9 and a carry of 0.9999999.
        var due = (long)Math.Floor(owed + 1e-9);
        var window = _settings.MaxInFlight - _inFlight;
        var remaining = _settings.Count > 0 ? _settings.Count - _sent : long.MaxValue;
        var send = (int)Math.Max(0, Math.Min(due, Math.Min(window, remaining)));
        // What could not be sent (window full) is owed later, but never more than one tick's worth extra.
        _carry = Math.Min(Math.Max(0, owed - send), Math.Max(1, _settings.Rate * _settings.TickInterval.TotalSeconds));
        if (send > 0)
        {
            Publish(send, now.ToUnixTimeMilliseconds());
        }
    }

    private void Publish(int count, long timestamp)
    {
        Span<byte> payload = stackalloc byte[PriceMessageFormat.MaxLength];
        for (var i = 0; i < count; i++)
        {
            var symbol = _nextSymbol;
            _nextSymbol = (_nextSymbol + 1) % _walk.Count;
            var price = PriceWalk.Rounded(_walk.Next(symbol));
            var length = PriceMessageFormat.Write(payload, _quotedSymbols[symbol], price, ++_seq, timestamp);
            if (_roomPublish)
            {
                _batch.Add(_roomCommandPrefixes[symbol], payload[..length], _keySuffixes[symbol]);
            }
            else
            {
                _batch.Add(_commandPrefixes[symbol], payload[..length]);
            }
        }

        _connection.Tell(_batch.Take());
        _firstSendAt ??= Now;
        _inFlight += count;
        _sent += count;
    }

    private void OnReplies(RedisReplies replies)
    {
        foreach (var reply in replies.Replies)
        {
            _inFlight--;
            if (reply.Type == RespValueType.Integer)
            {
                _confirmed++;
                _lastReceivers = reply.Integer;
            }
            else
            {
                _errors++;
                if (reply.IsError && _lastError is null)
                {
                    // Logged once per status interval at most; the status line counts the rest.
                    _log.Warning("The server refused a PUBLISH: {0}", reply.Text);
                }

                _lastError = reply.IsError ? reply.Text : reply.ToString();
            }
        }

        CheckFinished();
    }

    private void OnReport()
    {
        var now = Now;
        var seconds = Math.Max(1e-3, (now - _lastReportAt).TotalSeconds);
        var rate = (_confirmed - _confirmedAtLastReport) / seconds;
        _confirmedAtLastReport = _confirmed;
        _lastReportAt = now;
        _status.SetStatusLine(StatusLine(rate));
        _lastError = null;
    }

    private string StatusLine(double rate)
    {
        var head = $"pump → {_target}";
        if (!_connected)
        {
            return $"{head} | {_connectionState} | sent {_sent:N0}";
        }

        var receivers = _lastReceivers < 0 ? "-" : _lastReceivers.ToString("N0", CultureInfo.InvariantCulture);
        var line = $"{head} | {rate:N0} msg/s (target {_settings.Rate:N0}) | sent {_sent:N0} | in flight {_inFlight:N0} | receivers {receivers}";
        if (_errors > 0)
        {
            line += $" | errors {_errors:N0}";
        }

        return _lost > 0 ? line + $" | unconfirmed {_lost:N0}" : line;
    }

    private bool IsAllSent => _settings.Count > 0 && _sent >= _settings.Count;

    private void CheckFinished()
    {
        if (_finished || !IsAllSent || _inFlight > 0)
        {
            return;
        }

        _finished = true;
        Timers.CancelAll();
        var seconds = _firstSendAt is { } first ? Math.Max(1e-3, (Now - first).TotalSeconds) : 0;
        var average = seconds > 0 ? _confirmed / seconds : 0;
        _status.SetStatusLine(StatusLine(average));
        _status.EndStatusLine();
        _log.Info(string.Create(
            CultureInfo.InvariantCulture,
            $"Published {_sent:N0} messages to {_target} in {seconds:0.00} s ({average:N0} msg/s): {_confirmed:N0} confirmed, {_errors:N0} refused, {_lost:N0} unconfirmed; the last PUBLISH reached {_lastReceivers} receivers"));
        _completion.TrySetResult(ExitCodes.Ok);
    }

    private sealed record Tick
    {
        public static Tick Instance { get; } = new();

        private Tick()
        {
        }
    }

    private sealed record Report
    {
        public static Report Instance { get; } = new();

        private Report()
        {
        }
    }
}
