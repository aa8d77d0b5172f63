namespace ActorRooms.Broker.Stats;

/// <summary>
/// Process-wide counters that INFO reports. The one piece of state that actors share: plain monotonic counters
/// and gauges, written with <see cref="Interlocked"/> once per socket read or per batch (never per message or per
/// subscriber), and only ever read for reporting. No actor decision depends on them.
/// </summary>
public sealed class BrokerCounters
{
    private long _totalConnectionsReceived;
    private long _connectedClients;
    private long _lastClientId;
    private long _rejectedConnections;
    private long _totalCommandsProcessed;
    private long _messagesPublished;
    private long _messagesDelivered;
    private long _slowConsumerDisconnections;
    private long _protocolErrors;
    private long _netInputBytes;
    private long _netOutputBytes;
    private long _activeChannels;
    private long _activePatterns;
    private long _outputHeldBytes;
    private long _clusterBatchesUnconfirmed;
    private long _authFailures;
    private long _authFailureDisconnections;
    private long _commandAccessDenied;
    private long _channelAccessDenied;
    private long _roomBacklogBytes;
    private long _roomMessagesDropped;
    private long _roomMessagesConflated;

    /// <summary>The connections that ran MONITOR (shared per broker like these counters).</summary>
    public Network.Monitor.MonitorRegistry Monitors { get; } = new();

    /// <summary>Per-command and per-error figures for INFO commandstats and errorstats.</summary>
    public CommandStats Commands { get; } = new();

    /// <summary>When the broker started, for INFO's uptime.</summary>
    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    public long TotalConnectionsReceived => Volatile.Read(ref _totalConnectionsReceived);
    public long ConnectedClients => Volatile.Read(ref _connectedClients);
    public long RejectedConnections => Volatile.Read(ref _rejectedConnections);
    public long TotalCommandsProcessed => Volatile.Read(ref _totalCommandsProcessed);
    public long MessagesPublished => Volatile.Read(ref _messagesPublished);
    public long MessagesDelivered => Volatile.Read(ref _messagesDelivered);
    public long SlowConsumerDisconnections => Volatile.Read(ref _slowConsumerDisconnections);
    public long ProtocolErrors => Volatile.Read(ref _protocolErrors);
    public long NetInputBytes => Volatile.Read(ref _netInputBytes);
    public long NetOutputBytes => Volatile.Read(ref _netOutputBytes);
    public long ActiveChannels => Volatile.Read(ref _activeChannels);
    public long ActivePatterns => Volatile.Read(ref _activePatterns);

    /// <summary>Cluster mode: publish batches answered without their room owner's acknowledgement (owner moved or lost).</summary>
    public long ClusterBatchesUnconfirmed => Volatile.Read(ref _clusterBatchesUnconfirmed);

    /// <summary>Failed AUTH / HELLO AUTH attempts (Redis: acl_access_denied_auth).</summary>
    public long AuthFailures => Volatile.Read(ref _authFailures);

    /// <summary>Connections closed for reaching <c>security.max-auth-failures</c>.</summary>
    public long AuthFailureDisconnections => Volatile.Read(ref _authFailureDisconnections);

    /// <summary>Commands refused with NOPERM for a room (Redis: acl_access_denied_channel).</summary>
    public long ChannelAccessDenied => Volatile.Read(ref _channelAccessDenied);

    /// <summary>Administrators' commands refused with NOPERM to other users (Redis: acl_access_denied_cmd).</summary>
    public long CommandAccessDenied => Volatile.Read(ref _commandAccessDenied);

    /// <summary>Output bytes all connections hold (queued or being written): what the global output cap limits.</summary>
    public long OutputHeldBytes => Volatile.Read(ref _outputHeldBytes);

    /// <summary>Payload bytes ROOM.JOIN feeds keep while their connections are behind (drop-oldest backlogs, conflated values).</summary>
    public long RoomBacklogBytes => Volatile.Read(ref _roomBacklogBytes);

    /// <summary>Room messages drop-oldest feeds dropped (each reported to its client in a roomgap notice).</summary>
    public long RoomMessagesDropped => Volatile.Read(ref _roomMessagesDropped);

    /// <summary>Room messages replaced by a newer one of the same key (conflate policy and MAXRATE).</summary>
    public long RoomMessagesConflated => Volatile.Read(ref _roomMessagesConflated);

    /// <summary>The listener accepted a connection and started its actor.</summary>
    public void ConnectionAccepted() => Interlocked.Increment(ref _totalConnectionsReceived);

    /// <summary>
    /// Set by the listener, the parent that watches every connection actor: its live connections, the same set that
    /// <c>max-clients</c> is checked against. A gauge that is set, never incremented and decremented, cannot drift.
    /// </summary>
    /// <summary>A listener (plain-text or TLS) gained (+1) or lost (-1) a connection: both ports count toward max-clients.</summary>
    public void AddConnectedClients(int delta) => Interlocked.Add(ref _connectedClients, delta);

    /// <summary>The next client id, unique across the plain-text and TLS listeners (CLIENT KILL ID must find one connection).</summary>
    public long NextClientId() => Interlocked.Increment(ref _lastClientId);

    public void ConnectionRejected()
    {
        Interlocked.Increment(ref _totalConnectionsReceived);
        Interlocked.Increment(ref _rejectedConnections);
    }

    public void CommandsProcessed(int count) => Interlocked.Add(ref _totalCommandsProcessed, count);

    public void Published(int messages, int receivers)
    {
        Interlocked.Add(ref _messagesPublished, messages);
        Interlocked.Add(ref _messagesDelivered, (long)messages * receivers);
    }

    /// <summary>Cluster mode: a node's room fanned out <paramref name="messages"/> ordered messages to <paramref name="receivers"/> local subscriptions.</summary>
    public void Delivered(int messages, int receivers) => Interlocked.Add(ref _messagesDelivered, (long)messages * receivers);

    public void ClusterBatchUnconfirmed(int batches) => Interlocked.Add(ref _clusterBatchesUnconfirmed, batches);

    public void SlowConsumerDisconnected() => Interlocked.Increment(ref _slowConsumerDisconnections);

    public void ProtocolError() => Interlocked.Increment(ref _protocolErrors);

    public void AuthFailed() => Interlocked.Increment(ref _authFailures);

    public void AuthFailureDisconnected() => Interlocked.Increment(ref _authFailureDisconnections);

    public void ChannelDenied() => Interlocked.Increment(ref _channelAccessDenied);

    public void CommandDenied() => Interlocked.Increment(ref _commandAccessDenied);

    public void BytesReceived(int count) => Interlocked.Add(ref _netInputBytes, count);

    public void BytesSent(int count) => Interlocked.Add(ref _netOutputBytes, count);

    public void OutputHeld(long delta) => Interlocked.Add(ref _outputHeldBytes, delta);

    /// <summary>A room feed kept or released backlog, dropped or conflated messages (once per batch, not per message).</summary>
    public void RoomFeedBehind(long backlogDelta, long dropped, long conflated)
    {
        if (backlogDelta != 0)
        {
            Interlocked.Add(ref _roomBacklogBytes, backlogDelta);
        }

        if (dropped != 0)
        {
            Interlocked.Add(ref _roomMessagesDropped, dropped);
        }

        if (conflated != 0)
        {
            Interlocked.Add(ref _roomMessagesConflated, conflated);
        }
    }

    /// <summary>Set by the room registry, the owner of the numbers.</summary>
    public void SetPubSubTotals(int channels, int patterns)
    {
        Volatile.Write(ref _activeChannels, channels);
        Volatile.Write(ref _activePatterns, patterns);
    }
}
