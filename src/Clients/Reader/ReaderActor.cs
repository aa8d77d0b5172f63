using System.Diagnostics;
using ActorRooms.Clients.Connection;
using ActorRooms.Clients.Hosting;
using ActorRooms.Protocol.Resp;
using Akka.Actor;
using Akka.Event;

namespace ActorRooms.Clients.Reader;

/// <summary>
/// The reader: joins a room (SUBSCRIBE) or a pattern (PSUBSCRIBE) through its <see cref="RedisConnectionActor"/>,
/// which rejoins after every reconnect, and hands each batch of messages to its output (the live table or raw
/// lines). It acknowledges every batch once handled, so the connection reads on only as fast as the output keeps
/// up. With <c>count</c> it completes after that many messages; messages after them are not shown.
/// </summary>
public sealed class ReaderActor : ReceiveActor, IWithTimers
{
    private readonly ReaderSettings _settings;
    private readonly string _server;
    private readonly Props _connectionProps;
    private readonly IReaderOutput _output;
    private readonly TaskCompletionSource<int> _completion;
    private readonly TaskCompletionSource _ready;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly SequenceTracker _sequence = new();
    private long _sequenceNewsSeen;
    private ReaderStatus _status;
    private long _received;
    private bool _done;

    public ReaderActor(ReaderSettings settings, string server, Props connectionProps, IReaderOutput output, TaskCompletionSource<int> completion, TaskCompletionSource ready)
    {
        _settings = settings;
        _server = server;
        _connectionProps = connectionProps;
        _output = output;
        _completion = completion;
        _ready = ready;
        _status = new ReaderStatus(settings.Target, server, "connecting", Joined: false);

        Receive<RedisMessages>(OnMessages);
        Receive<RedisConnected>(_ => SetStatus("connected, joining", joined: false));
        Receive<RedisSubscribed>(_ =>
        {
            SetStatus("joined", joined: true);
            _ready.TrySetResult();
        });
        Receive<RedisDisconnected>(disconnected =>
            SetStatus($"{disconnected.Reason}; retry {disconnected.Attempt} in {disconnected.RetryIn.TotalSeconds:0.#} s", joined: false));
        Receive<RedisGaveUp>(gaveUp =>
        {
            SetStatus(gaveUp.Reason, joined: false);
            _completion.TrySetResult(gaveUp.ExitCode);
            Context.Stop(Self);
        });
        Receive<RedisReplies>(replies =>
        {
            foreach (var reply in replies.Replies.Where(r => r.IsError))
            {
                _log.Warning("{0} refused a command: {1}", _server, reply.Text);
            }
        });
        Receive<CommandsDropped>(_ => { });
        Receive<Refresh>(_ => _output.Refresh(_clock.Elapsed, StatusNow));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>
    /// Props for a reader of <paramref name="settings"/>'s room or pattern on <paramref name="server"/> (for the
    /// header), talking through a child made from <paramref name="connectionProps"/>. <paramref name="ready"/>
    /// completes when it has joined; <paramref name="completion"/> with the exit code when it is done.
    /// </summary>
    public static Props Props(ReaderSettings settings, string server, Props connectionProps, IReaderOutput output, TaskCompletionSource<int> completion, TaskCompletionSource ready) =>
        Akka.Actor.Props.Create(() => new ReaderActor(settings, server, connectionProps, output, completion, ready));

    protected override void PreStart()
    {
        Context.ActorOf(_connectionProps, "connection");
        if (_settings.View == ReaderView.Table)
        {
            Timers.StartPeriodicTimer(Refresh.Instance, Refresh.Instance, _settings.RefreshInterval);
        }

        _output.Refresh(_clock.Elapsed, StatusNow);
    }

    /// <summary>The status with the room feed's sequence line, once there is one.</summary>
    private ReaderStatus StatusNow => _sequence.Active ? _status with { Sequence = _sequence.Describe() } : _status;

    protected override void PostStop()
    {
        _output.Flush();
        _completion.TrySetResult(ExitCodes.Ok);
    }

    private void OnMessages(RedisMessages batch)
    {
        if (!_done)
        {
            var now = _clock.Elapsed;
            foreach (var message in batch.Messages)
            {
                if (_settings.Count > 0 && _received >= _settings.Count)
                {
                    break;
                }

                if (message.Room is { } frame)
                {
                    if (frame.Kind == RoomPushKinds.Joined && _settings.Snapshot)
                    {
                        _sequence.Observe(frame);
                        _sequence.ExpectSnapshot();
                        continue;
                    }

                    _sequence.Observe(frame);
                    if (message.IsRoomNotice)
                    {
                        continue;
                    }
                }

                _output.Add(message, now);
                _received++;
            }

            _output.Flush();
            ReportSequenceNews();
            if (_settings.Count > 0 && _received >= _settings.Count)
            {
                _done = true;
                _output.Refresh(_clock.Elapsed, StatusNow);
                _log.Info("Received {0:N0} messages; done", _received);
                _completion.TrySetResult(ExitCodes.Ok);
            }
        }

        Sender.Tell(MessagesHandled.Instance);
    }

    // Gaps, drops, conflations and resets are logged (stderr) when they happen, so the raw view shows them too.
    private void ReportSequenceNews()
    {
        var news = _sequence.UnexplainedGaps + _sequence.Dropped + _sequence.Conflations + _sequence.Resets;
        if (news != _sequenceNewsSeen)
        {
            _sequenceNewsSeen = news;
            _log.Warning("{0}: {1}", _settings.Target, _sequence.Describe());
        }
    }

    private void SetStatus(string state, bool joined)
    {
        _status = _status with { State = state, Joined = joined };
        _output.Refresh(_clock.Elapsed, StatusNow);
    }

    private sealed record Refresh
    {
        public static Refresh Instance { get; } = new();

        private Refresh()
        {
        }
    }
}
