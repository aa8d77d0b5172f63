using ActorRooms.Broker.Network.Session;
using ActorRooms.Protocol.Resp;

namespace ActorRooms.Broker.Commands;

/// <summary>
/// Takes the complete commands of what the connection has read, in order, and runs each through the
/// <see cref="CommandDispatcher"/> while the connection still takes commands. A command that must wait for an earlier
/// query's answer (<see cref="CommandSpec.WaitsForEarlierQueries"/>) is taken from the reader and held; it runs first
/// when the connection runs commands again. A plain class the connection actor calls in the same turn.
/// </summary>
public sealed class ReadCommandRunner(RespRequestReader reader, CommandDispatcher dispatcher, ClientState client)
{
    private readonly List<ReadOnlyMemory<byte>> _arguments = [];
    private List<ReadOnlyMemory<byte>>? _held;

    /// <summary>True while a command waits for an earlier query's answer.</summary>
    public bool HasHeld => _held is not null;

    /// <summary>
    /// Runs commands while <paramref name="takingCommands"/> holds and complete ones are there; calls
    /// <paramref name="protocolError"/> on a malformed frame (after which nothing more is read). Returns how many ran.
    /// </summary>
    public int Run(Func<bool> takingCommands, Action protocolError)
    {
        var commands = 0;
        if (_held is { } held && takingCommands())
        {
            if (dispatcher.MustWaitForQueries(held))
            {
                return commands;
            }

            _held = null;
            commands++;
            dispatcher.Execute(held);
        }

        while (takingCommands())
        {
            reader.Authenticated = client.IsAuthenticated;
            switch (reader.TryRead(_arguments))
            {
                case RespReadResult.NeedMoreData:
                    return commands;
                case RespReadResult.ProtocolError:
                    protocolError();
                    return commands;
                default:
                    if (dispatcher.MustWaitForQueries(_arguments))
                    {
                        _held = [.. _arguments];
                        return commands;
                    }

                    commands++;
                    dispatcher.Execute(_arguments);
                    break;
            }
        }

        return commands;
    }
}
