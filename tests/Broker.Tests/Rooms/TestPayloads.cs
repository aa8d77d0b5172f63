using System.Text;

namespace ActorRooms.Broker.Tests.Rooms;

/// <summary>Payload lists for the room specs, from Latin-1 strings.</summary>
internal static class TestPayloads
{
    public static List<ReadOnlyMemory<byte>> Of(params string[] payloads) =>
        payloads.Select(p => (ReadOnlyMemory<byte>)Encoding.Latin1.GetBytes(p)).ToList();
}
