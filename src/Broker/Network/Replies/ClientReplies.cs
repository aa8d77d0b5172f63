using System.Buffers;
using ActorRooms.Broker.ClientDirectory;
using ActorRooms.Protocol.Resp;

namespace ActorRooms.Broker.Network.Replies;

/// <summary>Replies about clients that another actor answers: CLIENT LIST and CLIENT KILL from the client directory.</summary>
public static class ClientReplies
{
    /// <summary>
    /// The directory's answer to CLIENT LIST or KILL: the list as text, +OK / -ERR No such client for KILL ip:port,
    /// or the number killed. Returns true when the client killed itself (the reply goes out first, then it closes).
    /// </summary>
    public static bool WriteAnswer(IBufferWriter<byte> w, QueryClients question, ClientsQueried answer, bool byAddress, long selfId, RespProtocol protocol)
    {
        if (!question.Kill)
        {
            VerbatimText.Write(w, string.Concat(answer.Clients.Select(c => c.ToClientListLine() + "\n")), protocol);
            return false;
        }

        if (!byAddress)
        {
            RespWriter.Integer(w, answer.Clients.Count);
        }
        else if (answer.Clients.Count > 0)
        {
            RespWriter.SimpleString(w, "OK"u8);
        }
        else
        {
            RespWriter.Error(w, "ERR No such client");
        }

        return answer.Clients.Any(c => c.Id == selfId);
    }
}
