using System.Buffers;
using System.Text;
using ActorRooms.Protocol.Resp;

namespace ActorRooms.Broker.Network.Replies;

/// <summary>Replies about the server and the connection (HELLO, COMMAND, HELP, string lists), as pure functions.</summary>
public static class ServerReplies
{
    /// <summary><c>%7 server $s version $v proto :p id :i mode standalone role master modules *0</c></summary>
    public static void WriteHello(IBufferWriter<byte> w, long clientId, RespProtocol protocol)
    {
        RespWriter.MapHeader(w, 7, protocol);
        RespWriter.BulkString(w, "server"u8);
        RespWriter.BulkString(w, ServerIdentity.ServerName);
        RespWriter.BulkString(w, "version"u8);
        RespWriter.BulkString(w, ServerIdentity.RedisCompatibleVersion);
        RespWriter.BulkString(w, "proto"u8);
        RespWriter.Integer(w, (int)protocol);
        RespWriter.BulkString(w, "id"u8);
        RespWriter.Integer(w, clientId);
        RespWriter.BulkString(w, "mode"u8);
        RespWriter.BulkString(w, "standalone"u8);
        RespWriter.BulkString(w, "role"u8);
        RespWriter.BulkString(w, "master"u8);
        RespWriter.BulkString(w, "modules"u8);
        RespWriter.ArrayHeader(w, 0);
    }

    /// <summary><c>*n +line ...</c>: a HELP reply.</summary>
    public static void WriteHelp(IBufferWriter<byte> w, IReadOnlyList<string> lines)
    {
        RespWriter.ArrayHeader(w, lines.Count);
        foreach (var line in lines)
        {
            RespWriter.SimpleString(w, Encoding.ASCII.GetBytes(line));
        }
    }

    /// <summary><c>*n $item ...</c> with Latin-1 items (names round-trip byte for byte).</summary>
    public static void WriteBulkArray(IBufferWriter<byte> w, IReadOnlyList<string> items)
    {
        RespWriter.ArrayHeader(w, items.Count);
        foreach (var item in items)
        {
            RespWriter.BulkString(w, Encoding.Latin1.GetBytes(item));
        }
    }

    /// <summary><c>*2n $channel :count ...</c>: PUBSUB NUMSUB's answer.</summary>
    public static void WriteSubscriberCounts(IBufferWriter<byte> w, IReadOnlyList<string> channels, IReadOnlyList<int> counts)
    {
        RespWriter.ArrayHeader(w, counts.Count * 2);
        for (var i = 0; i < counts.Count; i++)
        {
            RespWriter.BulkString(w, Encoding.Latin1.GetBytes(channels[i]));
            RespWriter.Integer(w, counts[i]);
        }
    }
}
