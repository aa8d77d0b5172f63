using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.RedisTcl;

/// <summary>
/// Redis 7.0's own pub/sub tests (unit/pubsub.tcl without the keyspace tests, and the single-server block of
/// unit/pubsubshard.tcl) against the broker, in external-server mode, through run-pubsub-suite.tcl. The suite comes
/// from Debian's redis source package (fetch-redis-tests.sh, which .ci/run calls); without it or tclsh the test skips
/// locally and fails on CI.
/// </summary>
[Collection(nameof(RedisTclSuiteSpecs))]
public sealed class RedisTclSuiteSpecs : IClassFixture<BrokerFixture>
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);
    private readonly BrokerFixture _broker;

    public RedisTclSuiteSpecs(BrokerFixture broker) => _broker = broker;

    [Fact]
    public async Task Should_pass_redis_own_pubsub_and_pubsubshard_tests_when_run_against_the_broker()
    {
        var folder = Path.Combine(RepositoryPaths.Root, "tests", "EndToEnd.Tests", "RedisTcl");
        var tclsh = ExternalTools.TclshWithRedisTests(Path.Combine(folder, "redis-tests"));

        var (exitCode, output, errors) = await CliProcess.RunAsync(
            tclsh, Bound, Path.Combine(folder, "run-pubsub-suite.tcl"), Path.Combine(folder, "redis-tests"), "127.0.0.1",
            _broker.Endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        TestContext.Current.TestOutputHelper?.WriteLine(output);
        Assert.True(exitCode == 0, $"Redis's tests failed (exit {exitCode}):\n{output}\n{errors}");
        // 21 tests run (13 of pubsub.tcl, 8 of pubsubshard.tcl's first block); skipped: 15 keyspace tests, the 3 that
        // assume one order across connections (docs/protocol.md) and pubsubshard.tcl's two-server block.
        Assert.EndsWith("21 passed, 0 failed, 19 skipped\n", output, StringComparison.Ordinal);
    }
}
