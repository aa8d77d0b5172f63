using ActorRooms.Clients.Hosting;
using Akka.Actor;
using Akka.Event;
using Akka.IO;

namespace ActorRooms.Clients.Connection;

/// <summary>The end of a connection: wait with backoff and connect again, or give up when retrying cannot help.</summary>
public sealed partial class RedisConnectionActor
{
    // ---- Backoff: wait, then connect again ----

    private void Waiting()
    {
        Receive<Reconnect>(_ =>
        {
            Become(Connecting);
            StartConnecting();
        });
        ReceiveWhileNotConnected();
    }

    /// <summary>The connection failed or could not be made: reset it, then retry after a backoff or give up.</summary>
    private void Fail(string reason, bool connectionFailed)
    {
        if (_connection is not null)
        {
            Context.Unwatch(_connection);
            // Harmless when the connection is already closed; decisive when it is garbled or a write failed.
            _connection.Tell(Tcp.Abort.Instance);
            _connection = null;
        }

        _queue.Clear();
        _readRequested = false;
        _unhandledBatches = 0;
        var what = connectionFailed ? $"Cannot reach {_settings.Address}" : $"Lost the connection to {_settings.Address}";
        if (!_settings.Retry)
        {
            _log.Warning("{0} ({1}); not retrying", what, reason);
            _owner.Tell(new RedisGaveUp($"{what} ({reason})"));
            Context.Stop(Self);
            return;
        }

        var delay = _backoff.Next();
        var message = "{0} ({1}); retrying in {2} (attempt {3})";
        if (_failingSinceLastSuccess)
        {
            _log.Info(message, what, reason, ConnectionEventText.Human(delay), _backoff.Attempt);
        }
        else
        {
            _log.Warning(message, what, reason, ConnectionEventText.Human(delay), _backoff.Attempt);
        }

        _failingSinceLastSuccess = true;
        // The timer runs before the owner hears of it: whoever reacts to the news finds the retry already set.
        Timers.StartSingleTimer(Reconnect.Instance, Reconnect.Instance, delay);
        Become(Waiting);
        _owner.Tell(new RedisDisconnected($"{what} ({reason})", delay, _backoff.Attempt));
    }

    private void OnConnectionClosed(Tcp.ConnectionClosed closed)
    {
        if (_settings.Tls is not null && !_answeredOnThisConnection)
        {
            // With TLS 1.3 the client's side of the handshake completes before the server has checked the client's
            // certificate: a server that wants one (tls-auth-clients) and was not given a good one closes the
            // connection before its first answer. Retrying would be refused the same way.
            GiveUp(
                $"the server closed the TLS connection before answering ({ConnectionEventText.DescribeClose(closed)}); a server that requires a client certificate does so when it gets none it trusts: give --cert and --key",
                ExitCodes.Tls);
            return;
        }

        Fail(ConnectionEventText.DescribeClose(closed), connectionFailed: false);
    }

    /// <summary>Gives up for good: reconnecting would be refused the same way.</summary>
    private void GiveUp(string reason, int exitCode)
    {
        _log.Error("{0}: {1}; not retrying", _settings.Address, reason);
        _connection?.Tell(Tcp.Close.Instance);
        _connection = null;
        _owner.Tell(new RedisGaveUp(reason) { ExitCode = exitCode });
        Context.Stop(Self);
    }
}
