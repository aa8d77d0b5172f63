using System.Buffers;
using Akka.Actor;

namespace ActorRooms.Broker.Network.Output;

/// <summary>
/// Replies that another actor answers (PUBSUB counts, CLIENT LIST, ROOM.INFO, ACL LOAD). Each waits in the reply
/// pipeline; its question is sent only when it reaches the head, so it sees the effect of every earlier command.
/// </summary>
public sealed class PendingQueries(ReplyPipeline replies)
{
    private readonly Dictionary<long, QueryReply> _queries = [];

    /// <summary>True while any query waits for its answer (commands that would change it wait behind it).</summary>
    public bool HasUnanswered => _queries.Count > 0;

    /// <summary>Queues a reply that <paramref name="answerer"/> will answer to <paramref name="question"/>.</summary>
    public void Ask(object question, IActorRef answerer, long requestId, bool suppressed)
    {
        var query = new QueryReply(requestId, question, answerer, suppressed);
        _queries.Add(requestId, query);
        replies.Add(query);
    }

    /// <summary>
    /// Sends the question of the query at the head of the pipeline, once; returns its request id when it was sent now,
    /// so the connection can bound the wait (see <see cref="TimeOut"/>).
    /// </summary>
    public long? StartAtHead(IActorRef self)
    {
        if (replies.Head is not QueryReply { Sent: false } query)
        {
            return null;
        }

        query.Sent = true;
        query.Answerer.Tell(query.Question, self);
        return query.RequestId;
    }

    /// <summary>
    /// The query was not answered in time (the answerer, or a room it asked, stopped with the question unanswered):
    /// it is answered with an error, so the replies behind it go out and the connection reads again (and sees its
    /// client leave). False when it was answered already.
    /// </summary>
    public bool TimeOut(long requestId) =>
        Answer(requestId, (_, w) => Protocol.Resp.RespWriter.Error(w, "ERR no answer in time; try again"));

    /// <summary>The question of a query still waiting, or null.</summary>
    public object? QuestionOf(long requestId) => _queries.TryGetValue(requestId, out var query) ? query.Question : null;

    /// <summary>Writes the answer to <paramref name="requestId"/>; false when no such query waits.</summary>
    public bool Answer(long requestId, Action<object, IBufferWriter<byte>> write)
    {
        if (!_queries.Remove(requestId, out var query))
        {
            return false;
        }

        query.Answer(w => write(query.Question, w));
        return true;
    }
}
