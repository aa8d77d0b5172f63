using System.Buffers;
using System.Text;
using ActorRooms.Broker.Network.Session;
using ActorRooms.Protocol.Resp;
using Akka.Actor;

namespace ActorRooms.Broker.Commands;

/// <summary>
/// What a command handler gets: the command's arguments (slices of the read, valid during the call), its table
/// entry, the reply sink (the reply pipeline, or nowhere under CLIENT REPLY OFF/SKIP) and the connection's parts.
/// One instance per connection, reset for each command, so dispatch allocates nothing.
/// </summary>
public sealed class CommandContext(ConnectionSession session)
{
    private readonly ArrayBufferWriter<byte> _discarded = new();

    /// <summary>The connection's parts.</summary>
    public ConnectionSession Session { get; } = session;

    /// <summary>The command's name and arguments.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Arguments { get; private set; } = [];

    /// <summary>The table entry that matched (the subcommand's for container commands).</summary>
    public CommandSpec Command { get; private set; } = null!;

    /// <summary>This connection's command figures, for INFO commandstats and errorstats.</summary>
    public CommandTally Tally { get; } = new();

    /// <summary>True once the running command replied an error (Redis's failed_calls).</summary>
    public bool ErrorReplied { get; private set; }

    /// <summary>True when the reply must not be sent (CLIENT REPLY OFF or SKIP).</summary>
    public bool Suppressed { get; set; }

    /// <summary>Where a reply that is ready now goes: after every earlier reply, or nowhere when suppressed.</summary>
    public IBufferWriter<byte> Reply
    {
        get
        {
            if (!Suppressed)
            {
                return Session.Replies.Ready;
            }

            _discarded.ResetWrittenCount();
            return _discarded;
        }
    }

    /// <summary>The client's protocol now.</summary>
    public RespProtocol Protocol => Session.Client.Protocol;

    /// <summary>Starts a command.</summary>
    public void Begin(IReadOnlyList<ReadOnlyMemory<byte>> arguments, bool suppressed)
    {
        Arguments = arguments;
        Suppressed = suppressed;
        Command = null!;
        ErrorReplied = false;
    }

    /// <summary>The entry that will run.</summary>
    public void Matched(CommandSpec command) => Command = command;

    /// <summary>Replies with an error.</summary>
    public void Error(string message)
    {
        ErrorReplied = true;
        Tally.Error(message);
        RespWriter.Error(Reply, message);
    }

    /// <summary>Argument <paramref name="index"/> as Latin-1 text (one char per byte).</summary>
    public string Text(int index) => Encoding.Latin1.GetString(Arguments[index].Span);

    /// <summary>True when argument <paramref name="index"/> is <paramref name="word"/>, ignoring case.</summary>
    public bool IsWord(int index, string word) => Text(index).Equals(word, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Queues a reply that <paramref name="answerer"/> answers; the question leaves when the reply reaches the head.
    /// Returns the request id.
    /// </summary>
    public long Ask(Func<long, object> question, IActorRef answerer)
    {
        var requestId = Session.Router.NextRequestId();
        Session.Queries.Ask(question(requestId), answerer, requestId, Suppressed);
        return requestId;
    }
}
