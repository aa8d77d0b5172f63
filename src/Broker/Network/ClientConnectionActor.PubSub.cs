using System.Text;
using ActorRooms.Broker.Rooms;
using ActorRooms.Messages.Resp;
using Akka.Actor;

namespace ActorRooms.Broker.Network;

/// <summary>
/// Subscriptions and publishing. The connection finds a room through the registry once, learns the room's actor
/// from its first reply, and from then on talks to it directly (watching it, so a room that stops is found again).
/// Every request to a room is remembered until answered and re-sent through the registry if that room stops first.
/// </summary>
public sealed partial class ClientConnectionActor
{
    private readonly HashSet<string> _channels = [];
    private readonly HashSet<string> _patterns = [];

    // Channels and patterns left but not yet confirmed by their rooms: what those rooms send until then was
    // published before the UNSUBSCRIBE reached them, and Redis would have delivered it.
    private readonly Dictionary<string, int> _leavingChannels = [];
    private readonly Dictionary<string, int> _leavingPatterns = [];
    private readonly Dictionary<string, PendingPublish> _batchesOfThisRead = [];
    private long _nextRequestId;

    // The batch of the previous PUBLISH in this read and its room's bytes (a slice of the read).
    private PendingPublish? _lastBatch;
    private ReadOnlyMemory<byte> _lastBatchRoom;

    private int SubscriptionCount => _channels.Count + _patterns.Count + _roomFeeds.Count;

    private bool IsSubscribed => SubscriptionCount > 0;

    private bool HasUnsentBatches => _batchesOfThisRead.Count > 0;

    private void ReceivePubSubMessages()
    {
        Receive<RoomDelivery>(delivery =>
        {
            // Deliveries from rooms already left and confirmed are dropped: after the confirmation nothing arrives.
            if (!_slowConsumer && ListensTo(delivery.Room))
            {
                _outbound.Enqueue(delivery.Frames);
                Flush();
            }
        });
        Receive<PatternDelivery>(delivery =>
        {
            if (!_slowConsumer && ListensToPattern(delivery.Pattern))
            {
                _outbound.Enqueue(delivery.Frames);
                Flush();
            }
        });
        Receive<BatchPublished>(OnBatchPublished);
        Receive<RoomJoined>(OnRoomJoined);
        Receive<RoomLeft>(left => CompleteRoomRequest(left.RequestId));
        Receive<PatternRoomsNotified>(OnPatternRoomsNotified);
        Receive<PatternMembershipConfirmed>(confirmed =>
        {
            if (_patternRequests.TryGetValue(confirmed.RequestId, out var request))
            {
                request.RoomsConfirmed++;
                CompletePatternRequestIfDone(confirmed.RequestId, request);
            }
        });
    }

    private bool ListensTo(string room) => _channels.Contains(room) || _leavingChannels.ContainsKey(room);

    private bool ListensToPattern(string pattern) => _patterns.Contains(pattern) || _leavingPatterns.ContainsKey(pattern);

    private void Publish() => AddToBatch(_arguments[1], _arguments[2], key: null, roomPublish: false);

    /// <summary>Adds a PUBLISH (or a ROOM.PUBLISH, with its key) to its room's batch of this read and queues its reply.</summary>
    private void AddToBatch(ReadOnlyMemory<byte> roomName, ReadOnlyMemory<byte> payload, string? key, bool roomPublish)
    {
        // Consecutive PUBLISHes to one room (the common pipelined case) find their batch without decoding the name.
        var batch = _lastBatch is not null && _lastBatchRoom.Span.SequenceEqual(roomName.Span) ? _lastBatch : null;
        if (batch is null)
        {
            var room = Encoding.Latin1.GetString(roomName.Span);
            if (!_batchesOfThisRead.TryGetValue(room, out batch))
            {
                batch = new PendingPublish(++_nextRequestId, room);
                _batchesOfThisRead.Add(room, batch);
            }

            _lastBatch = batch;
            _lastBatchRoom = roomName;
        }

        batch.Add(payload, key, roomPublish);
        if (_replies.Last is PublishReply last && ReferenceEquals(last.Publish, batch) && last.Suppressed == _suppressReply)
        {
            last.Repeat++;
        }
        else
        {
            _replies.Add(new PublishReply(batch, batch.Payloads.Count - 1, _suppressReply));
        }
    }

    /// <summary>Sends each room the one batch of this read. Called at the end of a read and before anything else touches rooms, so each room sees this client's requests in order.</summary>
    private void SendPublishBatches()
    {
        foreach (var batch in _batchesOfThisRead.Values)
        {
            SendToRoom(new PublishBatch(batch.RequestId, batch.Room, batch.Payloads, batch.Keys), null, batch);
        }

        _batchesOfThisRead.Clear();
        _lastBatch = null;
    }

    private void Subscribe() => SubscribeTo(_channels, PubSubFrames.Confirmation.Subscribe, JoinChannel);

    private void Unsubscribe() => UnsubscribeFrom(_channels, PubSubFrames.Confirmation.Unsubscribe, LeaveChannel);

    private void PatternSubscribe() => SubscribeTo(_patterns, PubSubFrames.Confirmation.PatternSubscribe, SubscribePatternAtRegistry);

    private void PatternUnsubscribe() => UnsubscribeFrom(_patterns, PubSubFrames.Confirmation.PatternUnsubscribe, LeavePattern);

    /// <summary>
    /// (P)SUBSCRIBE: one confirmation per argument (count = channels + patterns), sent once every new subscription
    /// is in place, so a message published after the client read the confirmation reaches it.
    /// </summary>
    private void SubscribeTo(HashSet<string> subscribed, PubSubFrames.Confirmation confirmation, Action<string, AwaitedReply> join)
    {
        SendPublishBatches();
        if (!CheckSubscriptionLimit(subscribed))
        {
            return;
        }

        var reply = new AwaitedReply(0, _suppressReply);
        for (var i = 1; i < _arguments.Count; i++)
        {
            var name = Encoding.Latin1.GetString(_arguments[i].Span);
            if (subscribed.Add(name))
            {
                join(name, reply);
            }

            PubSubFrames.WriteConfirmation(reply.Bytes, confirmation, _arguments[i].Span, false, SubscriptionCount, _protocol);
        }

        _replies.Add(reply);
    }

    /// <summary>
    /// (P)UNSUBSCRIBE: one confirmation per argument, or per subscription when there is none, or a single one with a
    /// null name when nothing is subscribed; sent once the rooms have let go.
    /// </summary>
    private void UnsubscribeFrom(HashSet<string> subscribed, PubSubFrames.Confirmation confirmation, Action<string, AwaitedReply> leave)
    {
        SendPublishBatches();
        var reply = new AwaitedReply(0, _suppressReply);
        if (_arguments.Count == 1)
        {
            if (subscribed.Count == 0)
            {
                PubSubFrames.WriteConfirmation(reply.Bytes, confirmation, [], true, SubscriptionCount, _protocol);
            }

            foreach (var name in subscribed.ToList())
            {
                leave(name, reply);
                PubSubFrames.WriteConfirmation(reply.Bytes, confirmation, Encoding.Latin1.GetBytes(name), false, SubscriptionCount, _protocol);
            }
        }
        else
        {
            for (var i = 1; i < _arguments.Count; i++)
            {
                leave(Encoding.Latin1.GetString(_arguments[i].Span), reply);
                PubSubFrames.WriteConfirmation(reply.Bytes, confirmation, _arguments[i].Span, false, SubscriptionCount, _protocol);
            }
        }

        _replies.Add(reply);
    }

    private void JoinChannel(string room, AwaitedReply reply)
    {
        reply.Outstanding++;
        SendToRoom(new JoinRoom(++_nextRequestId, room, _protocol), reply, null);
    }

    private void LeaveChannel(string room, AwaitedReply reply)
    {
        if (_channels.Remove(room))
        {
            reply.Outstanding++;
            Increment(_leavingChannels, room);
            SendToRoom(new LeaveRoom(++_nextRequestId, room), reply, null);
        }
    }

    private void SubscribePatternAtRegistry(string pattern, AwaitedReply reply)
    {
        reply.Outstanding++;
        var requestId = ++_nextRequestId;
        _patternRequests.Add(requestId, new PatternRequest(reply, pattern, leaving: false));
        _rooms.Tell(new SubscribePattern(requestId, pattern, _protocol));
    }

    /// <summary>Leaves a pattern; the reply waits until the registry and every room it told have let go.</summary>
    private void LeavePattern(string pattern, AwaitedReply reply)
    {
        if (_patterns.Remove(pattern))
        {
            reply.Outstanding++;
            Increment(_leavingPatterns, pattern);
            var requestId = ++_nextRequestId;
            _patternRequests.Add(requestId, new PatternRequest(reply, pattern, leaving: true));
            _rooms.Tell(new UnsubscribePattern(requestId, pattern));
        }
    }

    /// <summary>Leaves every channel and pattern; the reply waits until the rooms have let go.</summary>
    private void LeaveAll(AwaitedReply reply)
    {
        SendPublishBatches();
        foreach (var room in _channels.ToList())
        {
            LeaveChannel(room, reply);
        }

        foreach (var pattern in _patterns.ToList())
        {
            LeavePattern(pattern, reply);
        }

        LeaveAllRoomFeeds(reply);
    }

    /// <summary>After HELLO changes the protocol: rooms must encode this member's messages in the new version.</summary>
    private void RejoinInProtocol(AwaitedReply reply)
    {
        foreach (var room in _channels)
        {
            JoinChannel(room, reply);
        }

        foreach (var pattern in _patterns)
        {
            SubscribePatternAtRegistry(pattern, reply);
        }

        RejoinRoomFeedsInProtocol(reply);
    }

    private bool CheckSubscriptionLimit(HashSet<string> kind)
    {
        var added = 0;
        for (var i = 1; i < _arguments.Count; i++)
        {
            if (!kind.Contains(Encoding.Latin1.GetString(_arguments[i].Span)))
            {
                added++;
            }
        }

        if (SubscriptionCount + added <= _settings.MaxSubscriptions)
        {
            return true;
        }

        Error($"ERR max subscriptions per connection reached ({_settings.MaxSubscriptions})");
        return false;
    }
}
