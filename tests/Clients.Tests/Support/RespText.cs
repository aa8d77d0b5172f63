using System.Text;
using ActorRooms.Protocol.Resp;
using Akka.IO;

namespace ActorRooms.Clients.Tests.Support;

/// <summary>Helpers to look at what a client wrote: the commands in a write, parsed back with the broker's own request reader.</summary>
internal static class RespText
{
    public static ByteString Bytes(string text) => ByteString.FromBytes(Encoding.Latin1.GetBytes(text));

    /// <summary>One socket read, as Akka.IO delivers it.</summary>
    public static Tcp.Received Received(string text) => new(Bytes(text));

    /// <summary>Every command in <paramref name="data"/>, each as its arguments in UTF-8.</summary>
    public static List<string[]> Commands(ByteString data)
    {
        var reader = new RespRequestReader(RespLimits.Default);
        reader.Feed(data.ToArray());
        var arguments = new List<ReadOnlyMemory<byte>>();
        var commands = new List<string[]>();
        RespReadResult result;
        while ((result = reader.TryRead(arguments)) == RespReadResult.Command)
        {
            commands.Add([.. arguments.Select(a => Encoding.UTF8.GetString(a.Span))]);
        }

        Assert.Equal(RespReadResult.NeedMoreData, result);
        return commands;
    }
}
