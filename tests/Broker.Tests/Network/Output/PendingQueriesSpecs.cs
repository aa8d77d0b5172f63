using System.Text;
using ActorRooms.Broker.Network.Output;
using ActorRooms.Protocol.Resp;

namespace ActorRooms.Broker.Tests.Network.Output;

public sealed class PendingQueriesSpecs
{
    [Fact]
    public void Should_ask_only_when_the_query_reaches_the_head_of_the_replies()
    {
        var replies = new ReplyPipeline();
        var queries = new PendingQueries(replies);
        var answerer = new RecordingRef("registry");
        var earlier = new AwaitedReply(1, suppressed: false);
        replies.Add(earlier);
        queries.Ask("how many?", answerer, requestId: 5, suppressed: false);

        queries.StartAtHead(answerer);
        Assert.Empty(answerer.Received);

        earlier.Outstanding = 0;
        replies.TakeCompleted();
        queries.StartAtHead(answerer);
        queries.StartAtHead(answerer);
        Assert.Equal(["how many?"], answerer.Received);
    }

    [Fact]
    public void Should_write_the_answer_once_when_it_arrives()
    {
        var replies = new ReplyPipeline();
        var queries = new PendingQueries(replies);
        queries.Ask("q", new RecordingRef("registry"), requestId: 9, suppressed: false);

        Assert.Equal("q", queries.QuestionOf(9));
        Assert.True(queries.Answer(9, (question, w) => RespWriter.Integer(w, 3)));
        Assert.False(queries.Answer(9, (_, w) => RespWriter.Integer(w, 4)));

        Assert.Equal(":3\r\n", Encoding.Latin1.GetString(replies.TakeCompleted().ToArray()));
        Assert.Null(queries.QuestionOf(9));
    }
}
