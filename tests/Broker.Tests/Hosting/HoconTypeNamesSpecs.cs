using System.Text.RegularExpressions;
using ActorRooms.Broker.Hosting;
using ActorRooms.Broker.Rooms;

namespace ActorRooms.Broker.Tests.Hosting;

/// <summary>
/// The shipped HOCON names our types by assembly-qualified name (the rooms' mailbox); Akka resolves them only when the
/// first room starts, so a renamed assembly would pass every test that never starts a room from the real files.
/// </summary>
public sealed partial class HoconTypeNamesSpecs
{
    [Fact]
    public void Should_resolve_every_actor_rooms_type_named_in_the_shipped_configuration()
    {
        var config = BrokerConfiguration.Load();
        var mailboxType = config.GetString($"{RoomMailbox.ConfigPath}.mailbox-type");

        Assert.Equal(typeof(RoomMailbox), Type.GetType(mailboxType));
    }

    [Fact]
    public void Should_name_only_loadable_types_when_a_hocon_file_names_an_actor_rooms_type()
    {
        var hocon = Path.Combine(AppContext.BaseDirectory, "hocon");
        var named = Directory.GetFiles(hocon, "*.conf")
            .SelectMany(file => TypeName().Matches(File.ReadAllText(file)).Select(m => (file, name: m.Groups[1].Value)))
            .ToList();

        Assert.NotEmpty(named);
        Assert.All(named, n => Assert.True(Type.GetType(n.name) is not null, $"{n.file} names '{n.name}', which does not load"));
    }

    [GeneratedRegex("\"(ActorRooms\\.[A-Za-z0-9_.+]+, ActorRooms[A-Za-z0-9_.]*)\"")]
    private static partial Regex TypeName();
}
