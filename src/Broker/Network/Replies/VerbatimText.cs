using System.Buffers;
using System.Text;
using ActorRooms.Protocol.Resp;

namespace ActorRooms.Broker.Network.Replies;

/// <summary>Text replies (INFO, CLIENT LIST, CLIENT INFO): a bulk string in RESP2, a <c>=</c> verbatim string in RESP3, as Redis sends.</summary>
public static class VerbatimText
{
    /// <summary>RESP2 <c>$&lt;n&gt;\r\n&lt;text&gt;\r\n</c>; RESP3 <c>=&lt;n+4&gt;\r\ntxt:&lt;text&gt;\r\n</c>.</summary>
    public static void Write(IBufferWriter<byte> writer, string text, RespProtocol protocol)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (protocol == RespProtocol.Resp2)
        {
            RespWriter.BulkString(writer, bytes);
            return;
        }

        var span = writer.GetSpan(bytes.Length + 32);
        var n = RespWriter.WriteHeader(span, (byte)'=', bytes.Length + 4);
        "txt:"u8.CopyTo(span[n..]);
        n += 4;
        bytes.CopyTo(span[n..]);
        n += bytes.Length;
        span[n++] = (byte)'\r';
        span[n++] = (byte)'\n';
        writer.Advance(n);
    }
}
