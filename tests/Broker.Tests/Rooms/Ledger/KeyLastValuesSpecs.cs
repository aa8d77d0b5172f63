using ActorRooms.Broker.Rooms.Ledger;

namespace ActorRooms.Broker.Tests.Rooms.Ledger;

public sealed class KeyLastValuesSpecs
{
    private static RoomEntry Entry(long seq, string key) => new(seq, key, 0, new byte[] { (byte)seq });

    [Fact]
    public void Should_keep_update_order_when_a_key_is_updated_again()
    {
        // Arrange
        var values = new KeyLastValues(maxKeys: 10);
        values.Set(Entry(1, "a"));
        values.Set(Entry(2, "b"));

        // Act
        values.Set(Entry(3, "a"));

        // Assert
        Assert.Equal([2L, 3L], values.InOrder().Select(e => e.Seq));
        Assert.True(values.TryGet("a", out var a));
        Assert.Equal(3, a.Seq);
        Assert.Equal(2, values.Count);
    }

    [Fact]
    public void Should_evict_the_least_recently_updated_key_when_a_new_key_would_go_over_the_limit()
    {
        // Arrange
        var values = new KeyLastValues(maxKeys: 2);
        values.Set(Entry(1, "a"));
        values.Set(Entry(2, "b"));
        values.Set(Entry(3, "a"));

        // Act
        values.Set(Entry(4, "c"));

        // Assert
        Assert.False(values.TryGet("b", out _));
        Assert.Equal(["a", "c"], values.InOrder().Select(e => e.Key));
        Assert.Equal(1, values.Evicted);
    }
}
