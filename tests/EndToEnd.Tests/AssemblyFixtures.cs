using ActorRooms.EndToEnd.Tests.Infrastructure;

// One broker with default settings for the client tests (StackExchange.Redis, redis-cli, fan-out); the differential
// tests have their own (DifferentialServers).
[assembly: AssemblyFixture(typeof(BrokerFixture))]
