using System.Buffers;
using ActorRooms.Clients.Hosting;
using ActorRooms.Protocol.Resp;
using Akka.IO;

namespace ActorRooms.Clients.Connection;

/// <summary>
/// What a connection sends first on every connect, and which of those commands' replies it waits for: AUTH when a
/// password is set, CLIENT SETNAME, the room-features probe, then every subscription (HELLO 3 and ROOM.JOIN for a
/// room feed, unless a server refused it before: then SUBSCRIBE). The replies come back in the order the commands were sent,
/// so the steps are a queue; the actor reads each reply's meaning with <see cref="Replied"/>.
/// </summary>
internal sealed class ConnectionHandshake(ConnectionSettings settings, Subscriptions subscriptions, bool probeRoomFeatures)
{
    private readonly Queue<HandshakeStep> _steps = new();

    // Set once a server refused ROOM.JOIN: from then on this connection joins the feed's room with SUBSCRIBE.
    private bool _roomFeedsRefused;

    /// <summary>Whether a handshake command still waits for its reply (a plain reply is then that reply).</summary>
    public bool AwaitsReply => _steps.Count > 0;

    /// <summary>The handshake's commands in one buffer (null when there is nothing to send), and its steps afresh.</summary>
    public ByteString? Start()
    {
        var writer = new ArrayBufferWriter<byte>();
        _steps.Clear();
        if (settings.Password is { } password)
        {
            // First, so every later command runs as this user; a refusal (WRONGPASS) stops the connection for good.
            if (settings.User is { } user)
            {
                RespCommandWriter.Write(writer, "AUTH", user, password);
            }
            else
            {
                RespCommandWriter.Write(writer, "AUTH", password);
            }

            _steps.Enqueue(HandshakeStep.Auth);
        }

        if (settings.ClientName.Length > 0)
        {
            RespCommandWriter.Write(writer, "CLIENT", "SETNAME", settings.ClientName);
            _steps.Enqueue(HandshakeStep.ClientName);
        }

        if (probeRoomFeatures)
        {
            RespCommandWriter.Write(writer, "COMMAND", "INFO", "ROOM.PUBLISH");
            _steps.Enqueue(HandshakeStep.RoomFeaturesProbe);
        }

        if (subscriptions.Feed is { } feed)
        {
            if (_roomFeedsRefused)
            {
                RespCommandWriter.Write(writer, "SUBSCRIBE", [feed.Room]);
            }
            else
            {
                // ROOM.JOIN's feed is RESP3 pushes (a broker refuses it in RESP2, where pushes look like replies).
                RespCommandWriter.Write(writer, "HELLO", "3");
                _steps.Enqueue(HandshakeStep.Hello);
                RespCommandWriter.Write(writer, "ROOM.JOIN", [feed.Room, .. feed.Options]);
                _steps.Enqueue(HandshakeStep.RoomJoin);
            }
        }

        if (subscriptions.Channels.Count > 0)
        {
            RespCommandWriter.Write(writer, "SUBSCRIBE", subscriptions.Channels);
        }

        if (subscriptions.Patterns.Count > 0)
        {
            RespCommandWriter.Write(writer, "PSUBSCRIBE", subscriptions.Patterns);
        }

        return writer.WrittenCount > 0 ? ByteString.FromBytes(writer.WrittenSpan.ToArray()) : null;
    }

    /// <summary>The step whose reply has just arrived (the oldest still waiting).</summary>
    public HandshakeStep Replied() => _steps.Dequeue();

    /// <summary>A <c>roomjoined</c> push arrived: it, not a reply, answers the ROOM.JOIN step when that is next.</summary>
    public void RoomJoined()
    {
        if (_steps.TryPeek(out var step) && step == HandshakeStep.RoomJoin)
        {
            _steps.Dequeue();
        }
    }

    /// <summary>The server refused ROOM.JOIN: the SUBSCRIBE to send instead, now and on every later connect.</summary>
    public ByteString RoomFeedsRefused()
    {
        _roomFeedsRefused = true;
        var writer = new ArrayBufferWriter<byte>();
        RespCommandWriter.Write(writer, "SUBSCRIBE", [subscriptions.Feed!.Room]);
        return ByteString.FromBytes(writer.WrittenSpan.ToArray());
    }
}
