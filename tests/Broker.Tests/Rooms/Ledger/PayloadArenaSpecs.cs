using ActorRooms.Broker.Rooms.Ledger;
using FsCheck;
using FsCheck.Fluent;

namespace ActorRooms.Broker.Tests.Rooms.Ledger;

public sealed class PayloadArenaSpecs
{
    [Fact]
    public void Should_keep_every_slice_as_written_whatever_is_taken_after_it()
    {
        // Arrange: sizes from empty to over a quarter chunk (own arrays); each slice is filled with its own index.
        var sizes = Gen.Frequency((8, Gen.Choose(0, 300)), (2, Gen.Choose(300, 20_000))).ListOf().Resize(200).ToArbitrary();

        // Act
        var property = Prop.ForAll(sizes, list =>
        {
            var arena = new PayloadArena();
            var slices = new List<Memory<byte>>();
            foreach (var size in list)
            {
                var slice = arena.Take(size);
                slice.Span.Fill((byte)slices.Count);
                slices.Add(slice);
            }

            var intact = slices.Select((slice, i) => slice.Length == list[i] && !slice.Span.ContainsAnyExcept((byte)i)).All(ok => ok);
            return intact.Label($"sizes [{string.Join(",", list)}]");
        });

        // Assert
        property.Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }

    [Fact]
    public void Should_size_the_first_chunk_to_the_first_payload_and_double_up_to_the_largest()
    {
        var arena = new PayloadArena();

        arena.Take(100);
        Assert.Equal(100, arena.ChunkBytes);
        arena.Take(1);
        Assert.Equal(200, arena.ChunkBytes);
        for (var i = 0; i < 2_000; i++)
        {
            arena.Take(128);
        }

        Assert.Equal(PayloadArena.MaxChunkBytes, arena.ChunkBytes);
    }

    [Fact]
    public void Should_give_a_payload_over_a_quarter_chunk_an_array_of_its_own()
    {
        var arena = new PayloadArena();
        arena.Take(10);

        var large = arena.Take(PayloadArena.MaxChunkBytes / 4 + 1);

        Assert.Equal(10, arena.ChunkBytes);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray<byte>(large, out var segment));
        Assert.Equal((0, large.Length), (segment.Offset, segment.Array!.Length));
    }
}
