using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Differential;

/// <summary>
/// PUBSUB NUMSUB, CHANNELS and NUMPAT sent in one write with the subscription changes around them (issue 21, item 6):
/// each answer reflects exactly the commands before it on that connection, byte for byte as redis-server answers.
/// RESP3, since RESP2 refuses PUBSUB while subscribed; HELLO 3 goes in the same write and its reply is not compared.
/// </summary>
[Collection(DifferentialCollection.Name)]
public sealed class PipelinedQueryDifferentialSpecs(DifferentialServers servers)
{
    [Fact]
    public Task Should_count_the_earlier_subscription_when_numsub_is_followed_by_unsubscribe_in_one_write() =>
        PipelineAsync(
            ["HELLO", "3"],
            ["SUBSCRIBE", "p2.a"],
            ["PUBSUB", "NUMSUB", "p2.a"],
            ["UNSUBSCRIBE", "p2.a"],
            ["PUBSUB", "NUMSUB", "p2.a"]);

    [Fact]
    public Task Should_not_count_a_later_subscription_when_numsub_comes_first_in_one_write() =>
        PipelineAsync(
            ["HELLO", "3"],
            ["PUBSUB", "NUMSUB", "p2.b"],
            ["SUBSCRIBE", "p2.b"],
            ["PUBSUB", "NUMSUB", "p2.b"],
            ["PUBSUB", "CHANNELS", "p2.b*"],
            ["RESET"],
            ["PUBSUB", "NUMSUB", "p2.b"]);

    [Fact]
    public Task Should_list_the_earlier_channel_when_channels_is_followed_by_unsubscribe_and_reset_in_one_write() =>
        PipelineAsync(
            ["HELLO", "3"],
            ["SUBSCRIBE", "p2.c"],
            ["PUBSUB", "CHANNELS", "p2.c*"],
            ["UNSUBSCRIBE", "p2.c"],
            ["PUBSUB", "CHANNELS", "p2.c*"],
            ["SUBSCRIBE", "p2.c"],
            ["PUBSUB", "CHANNELS", "p2.c*"],
            ["RESET"],
            ["PUBSUB", "CHANNELS", "p2.c*"]);

    [Fact]
    public Task Should_count_the_earlier_patterns_when_numpat_is_followed_by_punsubscribe_and_reset_in_one_write() =>
        PipelineAsync(
            ["HELLO", "3"],
            ["PSUBSCRIBE", "p2.pat.*"],
            ["PUBSUB", "NUMPAT"],
            ["PUNSUBSCRIBE", "p2.pat.*"],
            ["PUBSUB", "NUMPAT"],
            ["PSUBSCRIBE", "p2.pat.*", "p2.pat.?"],
            ["PUBSUB", "NUMPAT"],
            ["RESET"],
            ["PUBSUB", "NUMPAT"]);

    [Fact]
    public Task Should_answer_each_query_as_of_its_place_when_queries_and_changes_alternate_in_one_write() =>
        PipelineAsync(
            ["HELLO", "3"],
            ["SUBSCRIBE", "p2.d", "p2.e"],
            ["PSUBSCRIBE", "p2.d*"],
            ["PUBSUB", "NUMSUB", "p2.d", "p2.e"],
            ["PUBSUB", "NUMPAT"],
            ["UNSUBSCRIBE", "p2.d", "p2.e"],
            ["PUBSUB", "NUMSUB", "p2.d", "p2.e"],
            ["PUBSUB", "NUMPAT"],
            ["PUNSUBSCRIBE"],
            ["PUBSUB", "NUMPAT"],
            ["PING"]);

    // Sends every command in one write; reads the HELLO reply without comparing it, then each command's replies.
    private Task PipelineAsync(params string[][] commands) =>
        DifferentialAssert.SameAsync(servers, async run =>
        {
            var client = await run.ConnectAsync("client");
            await client.SendRawAsync(commands.SelectMany(c => Resp.Command(c)).ToArray(), string.Join(" | ", commands.Select(c => string.Join(' ', c))));
            await client.SkipAsync(1, "HELLO reply names the server");
            foreach (var command in commands.Skip(1))
            {
                await client.ReceiveAsync(Replies(command));
            }
        });

    // One confirmation per channel or pattern named; a bare (P)UNSUBSCRIBE here leaves at most one.
    private static int Replies(string[] command) => command switch
    {
        ["SUBSCRIBE" or "PSUBSCRIBE" or "UNSUBSCRIBE" or "PUNSUBSCRIBE", .. var names] => Math.Max(1, names.Length),
        _ => 1,
    };
}
