using System.Buffers;
using System.Text;

namespace ActorRooms.Protocol.Resp;

/// <summary>
/// Writes client commands as RESP multibulk requests, the form every Redis server accepts:
/// <c>*&lt;argc&gt;\r\n</c> then each argument as <c>$&lt;len&gt;\r\n&lt;bytes&gt;\r\n</c>.
/// Used for the few commands of a connection's handshake; the clients' pump writes its PUBLISH stream with a writer
/// of its own, which avoids per-command allocations.
/// </summary>
public static class RespCommandWriter
{
    /// <summary><c>*&lt;n&gt;\r\n $&lt;len&gt;\r\n&lt;arg&gt;\r\n ...</c> with UTF-8 arguments.</summary>
    public static void Write(IBufferWriter<byte> writer, params ReadOnlySpan<string> arguments)
    {
        RespWriter.ArrayHeader(writer, arguments.Length);
        foreach (var argument in arguments)
        {
            RespWriter.BulkString(writer, Encoding.UTF8.GetBytes(argument));
        }
    }

    /// <summary>A command with a fixed name and a list of arguments (SUBSCRIBE a b c).</summary>
    public static void Write(IBufferWriter<byte> writer, string name, IReadOnlyList<string> arguments)
    {
        RespWriter.ArrayHeader(writer, arguments.Count + 1);
        RespWriter.BulkString(writer, Encoding.UTF8.GetBytes(name));
        foreach (var argument in arguments)
        {
            RespWriter.BulkString(writer, Encoding.UTF8.GetBytes(argument));
        }
    }
}
