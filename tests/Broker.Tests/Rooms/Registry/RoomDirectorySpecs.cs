using ActorRooms.Broker.Rooms.Registry;

namespace ActorRooms.Broker.Tests.Rooms.Registry;

public sealed class RoomDirectorySpecs(ITestOutputHelper output) : Akka.TestKit.Xunit.TestKit(output: output)
{
    [Fact]
    public void Should_count_rooms_with_channel_members_when_counts_change_and_rooms_stop()
    {
        var rooms = new RoomDirectory();
        var px = CreateTestProbe().Ref;
        rooms.Add("px", px);
        rooms.Add("fx", CreateTestProbe().Ref);

        Assert.True(rooms.SetChannelMembers("px", 2));
        Assert.True(rooms.SetChannelMembers("fx", 1));
        Assert.False(rooms.SetChannelMembers("zz", 1));
        Assert.Equal(2, rooms.ActiveChannels);
        Assert.True(rooms.SetChannelMembers("fx", 0));
        Assert.Equal(1, rooms.ActiveChannels);

        Assert.True(rooms.Remove(px, out var name, out var entry));
        Assert.Equal("px", name);
        Assert.Equal(2, entry.ChannelMembers);
        Assert.Equal(0, rooms.ActiveChannels);
        Assert.False(rooms.Remove(px, out _, out _));
        Assert.Equal(0, rooms.ChannelMembers("px"));
    }

    [Fact]
    public void Should_list_rooms_by_pattern_when_asked_for_channels_and_names()
    {
        var rooms = new RoomDirectory();
        rooms.Add("px.b", CreateTestProbe().Ref);
        rooms.Add("px.a", CreateTestProbe().Ref);
        rooms.Add("fx", CreateTestProbe().Ref);
        rooms.SetChannelMembers("px.b", 1);

        Assert.Equal(["px.b"], rooms.WithChannelMembers(null));
        Assert.Equal(["fx", "px.a", "px.b"], rooms.Names(null));
        Assert.Equal(["px.a", "px.b"], rooms.Names("px.*"));
    }

    [Fact]
    public void Should_leave_stopping_rooms_out_when_listing_active_ones()
    {
        var rooms = new RoomDirectory();
        var stopping = rooms.Add("px.a", CreateTestProbe().Ref);
        var active = rooms.Add("px.b", CreateTestProbe().Ref);
        stopping.Stopping = true;

        Assert.Equal([active], rooms.ActiveMatching("px.*"));
        Assert.Equal([active], rooms.Active());
    }

    [Fact]
    public async Task Should_hold_messages_while_stopping_and_release_them_in_order()
    {
        var room = CreateTestProbe();
        var restarted = CreateTestProbe();
        var entry = new RegisteredRoom(room.Ref) { Stopping = true };

        entry.Route("first", TestActor);
        entry.Route("second", TestActor);
        Assert.True(entry.HasHeld);
        new RegisteredRoom(restarted.Ref).Release(heldBy: entry);

        await restarted.ExpectMsgAsync("first");
        await restarted.ExpectMsgAsync("second");
        Assert.False(entry.HasHeld);
        entry.Stopping = false;
        entry.Route("third", TestActor);
        await room.ExpectMsgAsync("third");
    }
}
