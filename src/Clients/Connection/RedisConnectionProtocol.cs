using System.Net;
using ActorRooms.Protocol.PubSub;
using ActorRooms.Protocol.Resp;
using Akka.IO;

namespace ActorRooms.Clients.Connection;

/// <summary>Marker of what a <see cref="RedisConnectionActor"/> tells its owner.</summary>
public interface IRedisConnectionEvent;

/// <summary>
/// Commands for the server, already encoded; the owner expects <paramref name="Count"/> replies. Buffers in
/// <paramref name="PooledBuffers"/> were rented from <see cref="System.Buffers.ArrayPool{T}.Shared"/> and now
/// belong to the connection, which returns them once the socket has taken the bytes.
/// </summary>
public sealed record SendCommands(ByteString Data, int Count, IReadOnlyList<byte[]> PooledBuffers)
{
    /// <summary>Commands in a plain (not pooled) buffer.</summary>
    public SendCommands(ByteString data, int count)
        : this(data, count, [])
    {
    }
}

/// <summary>The owner has handled a <see cref="RedisMessages"/> batch; the connection may read further.</summary>
public sealed record MessagesHandled
{
    public static MessagesHandled Instance { get; } = new();

    private MessagesHandled()
    {
    }
}

/// <summary>Connected (again): commands may be sent. Subscriptions are being (re)sent already.</summary>
public sealed record RedisConnected(EndPoint Remote) : IRedisConnectionEvent;

/// <summary>
/// What the server can do, asked once per connect when the owner wants to know (the pump): <paramref name="RoomFeatures"/>
/// is true when it has ROOM.PUBLISH (an ActorRooms broker), false for a plain Redis server.
/// </summary>
public sealed record RedisServerFeatures(bool RoomFeatures) : IRedisConnectionEvent;

/// <summary>The server confirmed a subscription: <paramref name="Kind"/> is <c>subscribe</c>, <c>psubscribe</c> or <c>roomjoined</c>.</summary>
public sealed record RedisSubscribed(string Kind, string Name, long Count) : IRedisConnectionEvent;

/// <summary>
/// The connection is down (or could not be made); the next attempt is in <paramref name="RetryIn"/>. Commands
/// sent and not answered are lost: their replies will never come.
/// </summary>
public sealed record RedisDisconnected(string Reason, TimeSpan RetryIn, int Attempt) : IRedisConnectionEvent;

/// <summary>Retrying is off and the connection failed: the connection actor has stopped.</summary>
public sealed record RedisGaveUp(string Reason) : IRedisConnectionEvent
{
    /// <summary>The exit code a program should end with: unreachable, or refused (wrong credentials, no permission).</summary>
    public int ExitCode { get; init; } = Hosting.ExitCodes.Unreachable;
}

/// <summary>Replies to the owner's commands, in command order: every reply of one socket read.</summary>
public sealed record RedisReplies(IReadOnlyList<RespValue> Replies) : IRedisConnectionEvent;

/// <summary>Pub/sub messages of one socket read, in arrival order. Answer with <see cref="MessagesHandled"/>.</summary>
public sealed record RedisMessages(IReadOnlyList<PubSubMessage> Messages) : IRedisConnectionEvent;

/// <summary>Commands that were not sent (not connected, or the queue was full): their replies will never come.</summary>
public sealed record CommandsDropped(int Count, string Reason) : IRedisConnectionEvent;
