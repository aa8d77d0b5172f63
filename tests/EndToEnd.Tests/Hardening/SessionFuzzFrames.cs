using System.Text;
using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Hardening;

/// <summary>
/// Seeded frames for the session fuzzer: valid commands of every reply mode and subscription kind (HELLO 2/3,
/// CLIENT REPLY ON/OFF/SKIP, SUBSCRIBE, PSUBSCRIBE, ROOM.JOIN with each policy, their leaves, RESET, PUBSUB
/// queries, PUBLISH, QUIT), and those same frames mutated, truncated, oversized or replaced by binary garbage.
/// </summary>
public static class SessionFuzzFrames
{
    private static readonly string[] Policies = ["disconnect", "drop-oldest", "conflate"];
    private static readonly string[] FeedOptions = ["snapshot", "policy=conflate", "policy=drop-oldest&last=3", "maxrate=50&presence", "from=1", "bogus"];

    /// <summary>One frame: mostly valid commands, so that sessions reach every state, the rest hostile.</summary>
    public static byte[] Next(Random random) => random.Next(16) switch
    {
        < 9 => Valid(random),
        9 or 10 => Mutate(random, Valid(random)),
        11 => Valid(random)[..random.Next(1, 12)],
        12 => Oversized(random),
        13 => Binary(random),
        14 => Resp.Bytes($"SUBSCRIBE {Room(random)} {Room(random)}\r\n"),
        _ => Resp.Bytes($"*{random.Next(-3, 4)}\r\n"),
    };

    /// <summary>A valid command of any kind the broker serves.</summary>
    public static byte[] Valid(Random random) => random.Next(24) switch
    {
        0 => Resp.Command("HELLO", random.Next(2) == 0 ? "3" : "2"),
        1 => Resp.Command("CLIENT", "REPLY", random.Next(3) switch { 0 => "OFF", 1 => "SKIP", _ => "ON" }),
        2 or 3 => Resp.Command("SUBSCRIBE", Room(random), Room(random)),
        4 => Resp.Command("PSUBSCRIBE", Pattern(random)),
        5 => Resp.Command("UNSUBSCRIBE", Room(random)),
        6 => Resp.Command("UNSUBSCRIBE"),
        7 => Resp.Command("PUNSUBSCRIBE", random.Next(2) == 0 ? Pattern(random) : "sf.*"),
        8 or 9 => Resp.Command("ROOM.JOIN", Room(random), "POLICY", Policies[random.Next(Policies.Length)]),
        10 => Resp.Command("ROOM.JOIN", Room(random), "LAST", "3", "MAXRATE", "50", "PRESENCE"),
        11 => random.Next(2) == 0 ? Resp.Command("ROOM.LEAVE", Room(random)) : Resp.Command(random.Next(2) == 0 ? "SUBSCRIBE" : "UNSUBSCRIBE", $"room:{Room(random)}?{FeedOptions[random.Next(FeedOptions.Length)]}"),
        12 or 13 => Resp.Command("PUBLISH", Room(random), new string('p', random.Next(200))),
        14 => Resp.Command("ROOM.PUBLISH", Room(random), "v", "KEY", $"k{random.Next(3)}"),
        15 => Resp.Command("PUBSUB", "NUMSUB", Room(random)),
        16 => Resp.Command("PUBSUB", random.Next(2) == 0 ? "CHANNELS" : "NUMPAT"),
        17 => Resp.Command("RESET"),
        18 => Resp.Command("CLIENT", "SETNAME", $"fz{random.Next(100)}"),
        19 or 21 => Resp.Command("ROOM.MEMBERS", Room(random)),
        22 => Resp.Command("ROOM.INFO", Room(random)),
        20 => Resp.Command("QUIT"),
        _ => Resp.Command("PING"),
    };

    private static string Room(Random random) => $"sf.{random.Next(12)}";

    private static string Pattern(Random random) => $"sf.{random.Next(3)}*";

    private static byte[] Mutate(Random random, byte[] frame)
    {
        for (var i = 1 + random.Next(3); i > 0; i--)
        {
            frame[random.Next(frame.Length)] = (byte)random.Next(256);
        }

        return frame;
    }

    // Past max-bulk-length, max-arguments or max-inline-length, each of which closes with a protocol error.
    private static byte[] Oversized(Random random) => random.Next(3) switch
    {
        0 => Resp.Command("PUBLISH", Room(random), new string('o', HardeningBroker.MaxBulkLength + 1 + random.Next(100))),
        1 => Resp.Command(["SUBSCRIBE", .. Enumerable.Range(0, HardeningBroker.MaxArguments + random.Next(4)).Select(i => $"sf.{i}")]),
        _ => Encoding.ASCII.GetBytes("PING " + new string('i', HardeningBroker.MaxInlineLength + random.Next(40)) + "\r\n"),
    };

    private static byte[] Binary(Random random)
    {
        var bytes = new byte[1 + random.Next(300)];
        random.NextBytes(bytes);
        return bytes;
    }
}
