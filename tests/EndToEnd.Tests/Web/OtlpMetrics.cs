using System.Buffers.Binary;
using System.Text;

namespace ActorRooms.EndToEnd.Tests.Web;

/// <summary>
/// Reads sums out of an OTLP <c>ExportMetricsServiceRequest</c> (opentelemetry/proto/metrics/v1/metrics.proto) by
/// walking the protobuf wire format, so the test needs no generated code: resource_metrics (1) → scope_metrics (2) →
/// metrics (2) → name (1) and sum (7) → data_points (1) → as_int (6, sfixed64) or as_double (4).
/// </summary>
public static class OtlpMetrics
{
    /// <summary>The sum of every data point of the metric named <paramref name="name"/>, or null when absent.</summary>
    public static double? Sum(byte[] request, string name)
    {
        double? total = null;
        foreach (var resource in Fields(request, 1))
        {
            foreach (var scope in Fields(resource, 2))
            {
                foreach (var metric in Fields(scope, 2))
                {
                    if (Fields(metric, 1).Select(n => Encoding.UTF8.GetString(n)).FirstOrDefault() != name)
                    {
                        continue;
                    }

                    foreach (var point in Fields(metric, 7).SelectMany(sum => Fields(sum, 1)))
                    {
                        total = (total ?? 0) + Value(point);
                    }
                }
            }
        }

        return total;
    }

    private static double Value(byte[] point)
    {
        double value = 0;
        Walk(point, (field, wireType, bytes) =>
        {
            value = (field, wireType) switch
            {
                (6, 1) => BinaryPrimitives.ReadInt64LittleEndian(bytes),
                (4, 1) => BinaryPrimitives.ReadDoubleLittleEndian(bytes),
                _ => value,
            };
        });
        return value;
    }

    // The payloads of the length-delimited fields numbered `wanted`.
    private static List<byte[]> Fields(byte[] message, int wanted)
    {
        var found = new List<byte[]>();
        Walk(message, (field, wireType, bytes) =>
        {
            if (field == wanted && wireType == 2)
            {
                found.Add(bytes);
            }
        });
        return found;
    }

    // Every field of a message: its number, wire type and bytes (a varint's are its encoded bytes).
    private static void Walk(byte[] message, Action<int, int, byte[]> visit)
    {
        var at = 0;
        while (at < message.Length)
        {
            var key = Varint(message, ref at);
            var (field, wireType) = ((int)(key >> 3), (int)(key & 7));
            var start = at;
            var length = wireType switch
            {
                0 => SkipVarint(message, ref at),
                1 => 8,
                2 => (int)Varint(message, ref at),
                5 => 4,
                _ => throw new InvalidDataException($"Unexpected protobuf wire type {wireType}."),
            };
            start = wireType == 0 ? start : at;
            at = start + length;
            visit(field, wireType, message[start..at]);
        }
    }

    private static ulong Varint(byte[] message, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = message[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }

    private static int SkipVarint(byte[] message, ref int at)
    {
        var start = at;
        Varint(message, ref at);
        var length = at - start;
        at = start;
        return length;
    }
}
