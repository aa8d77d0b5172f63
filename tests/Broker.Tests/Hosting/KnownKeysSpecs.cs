using ActorRooms.Broker.Hosting;
using Akka.Configuration;

namespace ActorRooms.Broker.Tests.Hosting;

/// <summary>Unknown keys under actor-rooms are refused with their full name and the nearest known key, from the shipped defaults.</summary>
public sealed class KnownKeysSpecs : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"keys-{Guid.NewGuid():N}.conf");

    public void Dispose() => File.Delete(_file);

    [Theory]
    [InlineData("actor-rooms.broker.max-clientz = 5", "'actor-rooms.broker.max-clientz'", "'actor-rooms.broker.max-clients'")]
    [InlineData("actor-rooms.broker { protocol { max-argument = 5 } }", "'actor-rooms.broker.protocol.max-argument'", "'actor-rooms.broker.protocol.max-arguments'")]
    [InlineData("actor-rooms.broker.protocl.max-arguments = 5", "'actor-rooms.broker.protocl'", "'actor-rooms.broker.protocol'")]
    [InlineData("actor-rooms.broker.security.protectedmode = off", "'actor-rooms.broker.security.protectedmode'", "'actor-rooms.broker.security.protected-mode'")]
    [InlineData("actor-rooms.cluster.seed-node = []", "'actor-rooms.cluster.seed-node'", "'actor-rooms.cluster.seed-nodes'")]
    [InlineData("actor-rooms.brokr.port = 1", "'actor-rooms.brokr'", "'actor-rooms.broker'")]
    public void Should_refuse_naming_the_key_and_the_nearest_known_one_when_a_broker_key_is_unknown(string hocon, string key, string nearest)
    {
        File.WriteAllText(_file, hocon);

        var error = Assert.Throws<ConfigurationException>(() => BrokerConfiguration.Load(_file));

        Assert.Contains($"Configuration key {key} in '{_file}' is unknown; did you mean {nearest}?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_a_section_given_as_a_value_when_the_defaults_hold_a_section_there()
    {
        File.WriteAllText(_file, "actor-rooms.broker.protocol = 5");

        var error = Assert.Throws<ConfigurationException>(() => BrokerConfiguration.Load(_file));

        Assert.Contains("'actor-rooms.broker.protocol'", error.Message, StringComparison.Ordinal);
        Assert.Contains("is a section", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_accept_every_shipped_key_and_the_clients_section_when_the_file_is_right()
    {
        File.WriteAllText(_file, """
            actor-rooms.broker { max-clients = 5, rooms.history-size = 10, security.users = [] }
            actor-rooms.cluster.shards = 7
            actor-rooms.clients.pump.rate = 5
            akka.loglevel = WARNING
            """);

        var config = BrokerConfiguration.Load(_file);

        Assert.Equal(5, BrokerSettings.Create(config).MaxClients);
    }

    [Theory]
    [InlineData("max-clients", "max-clients", 0)]
    [InlineData("max-clientz", "max-clients", 1)]
    [InlineData("", "abc", 3)]
    [InlineData("kitten", "sitting", 3)]
    public void Should_count_single_character_edits_when_measuring_edit_distance(string a, string b, int distance)
    {
        Assert.Equal(distance, EditDistance.Between(a, b));
    }
}
