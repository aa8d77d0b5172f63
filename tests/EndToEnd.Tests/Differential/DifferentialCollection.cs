namespace ActorRooms.EndToEnd.Tests.Differential;

/// <summary>
/// Differential tests share one redis-server and one broker and run one at a time (scenarios see server-wide
/// state such as the pattern count), and alone, so a busy machine does not stretch their bounded reads.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DifferentialCollection : ICollectionFixture<DifferentialServers>
{
    public const string Name = "Differential (redis-server vs broker)";
}
