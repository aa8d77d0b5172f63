using System.Buffers;
using System.Text;
using ActorRooms.Protocol.Resp;

namespace ActorRooms.Broker.Commands;

/// <summary>COMMAND INFO's entry for one command of <see cref="CommandTable"/>, as Redis 7 writes it.</summary>
public static class CommandInfoReply
{
    /// <summary>
    /// <c>*10 [name, arity, flags, first-key, last-key, step, acl-categories, tips, key-specs, subcommands]</c>
    /// (Redis 7 shape), subcommands nested the same way.
    /// </summary>
    public static void Write(IBufferWriter<byte> w, CommandSpec command, RespProtocol protocol)
    {
        RespWriter.ArrayHeader(w, 10);
        RespWriter.BulkString(w, command.Name);
        RespWriter.Integer(w, command.Arity);
        RespWriter.SetHeader(w, command.Flags.Count, protocol);
        foreach (var flag in command.Flags)
        {
            RespWriter.SimpleString(w, Encoding.ASCII.GetBytes(flag));
        }

        RespWriter.Integer(w, 0);
        RespWriter.Integer(w, 0);
        RespWriter.Integer(w, 0);
        RespWriter.SetHeader(w, 0, protocol);
        RespWriter.ArrayHeader(w, 0);
        RespWriter.ArrayHeader(w, 0);
        RespWriter.ArrayHeader(w, command.Subcommands.Count);
        foreach (var sub in command.Subcommands.Values)
        {
            Write(w, sub, protocol);
        }
    }
}
