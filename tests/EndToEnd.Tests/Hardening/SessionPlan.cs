using System.Net;

namespace ActorRooms.EndToEnd.Tests.Hardening;

/// <summary>How a fuzzed session ends.</summary>
public enum SessionEnding
{
    /// <summary>Linger-0 close: a reset, possibly mid-frame.</summary>
    Reset,

    /// <summary>FIN after the last frame, then read until the broker closes.</summary>
    HalfClose,

    /// <summary>A clean close without reading anything.</summary>
    Close,
}

/// <summary>
/// One fuzzed session, decided up front from the seed: its frames, how they are cut into writes, and how it ends.
/// Running it is deterministic on the client side; every wait is bounded.
/// </summary>
public sealed class SessionPlan
{
    private readonly List<byte[]> _writes;

    private SessionPlan(List<byte[]> writes, int frameCount, SessionEnding ending, int resetAfter)
    {
        _writes = writes;
        FrameCount = frameCount;
        Ending = ending;
        ResetAfter = resetAfter;
    }

    public int FrameCount { get; }

    public SessionEnding Ending { get; }

    /// <summary>For a reset: how many bytes of the last write go out before it.</summary>
    public int ResetAfter { get; }

    public static SessionPlan Create(Random random, int maxFrames)
    {
        var frameCount = 1 + random.Next(maxFrames);
        var writes = new List<byte[]>();
        var current = new MemoryStream();
        for (var f = 0; f < frameCount; f++)
        {
            current.Write(SessionFuzzFrames.Next(random));
            if (random.Next(4) == 0)
            {
                writes.Add(current.ToArray());
                current.SetLength(0);
            }
        }

        writes.Add(current.ToArray());
        var ending = (SessionEnding)random.Next(3);
        return new SessionPlan(writes, frameCount, ending, random.Next(writes[^1].Length + 1));
    }

    public async Task RunAsync(IPEndPoint endpoint)
    {
        using var socket = await RawSocket.ConnectAsync(endpoint);
        for (var w = 0; w < _writes.Count - 1; w++)
        {
            if (!await socket.TrySendAsync(_writes[w]))
            {
                return;
            }
        }

        switch (Ending)
        {
            case SessionEnding.Reset:
                await socket.TrySendAsync(_writes[^1].AsMemory(0, ResetAfter));
                socket.Reset();
                break;
            case SessionEnding.HalfClose:
                if (await socket.TrySendAsync(_writes[^1]))
                {
                    socket.HalfClose();
                    await socket.ReadUntilClosedAsync();
                }

                break;
            default:
                await socket.TrySendAsync(_writes[^1]);
                break;
        }
    }
}
