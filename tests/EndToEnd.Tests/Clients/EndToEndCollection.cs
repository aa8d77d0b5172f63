namespace ActorRooms.EndToEnd.Tests.Clients;

/// <summary>End-to-end specs run one at a time: each starts servers and actor systems on a 2-core machine.</summary>
[CollectionDefinition(nameof(EndToEndCollection), DisableParallelization = true)]
public sealed class EndToEndCollection;
