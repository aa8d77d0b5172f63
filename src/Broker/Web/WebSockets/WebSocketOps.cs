using System.Buffers;
using System.Text;
using System.Text.Json;
using ActorRooms.Protocol.Resp;

namespace ActorRooms.Broker.Web.WebSockets;

/// <summary>
/// Turns the JSON text of one WebSocket message into RESP commands for the connection actor, and records, in order,
/// the reply each one waits for. A message is one op object or an array of them. An op that is not valid (bad JSON,
/// unknown op, a field of the wrong type) runs nothing: it becomes a local <c>error</c> frame in its place in the
/// reply order. A plain class, called by the <see cref="WebSocketConnectionActor"/> in its own turn.
/// </summary>
public sealed class WebSocketOps
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };
    private readonly ArrayBufferWriter<byte> _commands = new();
    private bool _helloSent;

    /// <summary>
    /// Reads one message; returns the RESP bytes of its commands (empty when none is valid) and appends to
    /// <paramref name="expected"/> one entry per op.
    /// </summary>
    public byte[] Read(ReadOnlySpan<byte> text, ICollection<ExpectedReply> expected)
    {
        _commands.Clear();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text.ToArray(), DocumentOptions);
        }
        catch (JsonException e)
        {
            expected.Add(Local("?", null, $"ERR bad JSON: {FirstLine(e.Message)}"));
            return [];
        }

        using (document)
        {
            if (document.RootElement.ValueKind == JsonValueKind.Array)
            {
                foreach (var op in document.RootElement.EnumerateArray())
                {
                    ReadOp(op, expected);
                }
            }
            else
            {
                ReadOp(document.RootElement, expected);
            }
        }

        return _commands.WrittenSpan.ToArray();
    }

    /// <summary>An error frame in the reply order, for something that never reached the broker.</summary>
    public static ExpectedReply Local(string op, string? id, string message) =>
        new(ReplyShape.Local, op, Id: id, LocalFrame: JsonFrames.Error(message, op, id));

    private void ReadOp(JsonElement op, ICollection<ExpectedReply> expected)
    {
        if (op.ValueKind != JsonValueKind.Object)
        {
            expected.Add(Local("?", null, "ERR an op is a JSON object such as {\"op\":\"subscribe\",\"room\":\"prices\"}"));
            return;
        }

        var id = op.TryGetProperty("id", out var idValue) ? idValue.GetRawText() : null;
        if (!op.TryGetProperty("op", out var nameValue) || nameValue.ValueKind != JsonValueKind.String)
        {
            expected.Add(Local("?", id, "ERR missing \"op\" (a string)"));
            return;
        }

        var name = nameValue.GetString()!;
        var fields = new OpFields(op, name);
        try
        {
            var reply = Build(name, fields, id);
            if (reply is null)
            {
                expected.Add(Local(name, id, $"ERR unknown op '{name}' (expected auth, subscribe, psubscribe, unsubscribe, punsubscribe, join, leave, publish, rooms, info, last or ping)"));
                return;
            }

            if (reply.Shape != ReplyShape.Authenticated && !_helloSent)
            {
                // The connection speaks RESP3 (pushes apart from replies, every command while subscribed); with users
                // configured this HELLO is refused until auth, whose HELLO 3 AUTH switches the protocol instead.
                Write(["HELLO", "3"]);
                expected.Add(new ExpectedReply(ReplyShape.Silent, "hello"));
            }

            _helloSent = true;
            Write(fields.Arguments);
            expected.Add(reply);
        }
        catch (OpFieldException e)
        {
            expected.Add(Local(name, id, e.Message));
        }
    }

    private static ExpectedReply? Build(string name, OpFields f, string? id)
    {
        switch (name)
        {
            case "auth":
                var user = f.OptionalString("user") ?? "default";
                f.Command("HELLO", "3", "AUTH", user, f.String("password"));
                return new ExpectedReply(ReplyShape.Authenticated, name, Subject: user, Id: id);
            case "subscribe":
                return Confirm(f, name, "SUBSCRIBE", "subscribe", f.String("room"), id);
            case "unsubscribe":
                return Confirm(f, name, "UNSUBSCRIBE", "unsubscribe", f.String("room"), id);
            case "psubscribe":
                return Confirm(f, name, "PSUBSCRIBE", "psubscribe", f.String("pattern"), id);
            case "punsubscribe":
                return Confirm(f, name, "PUNSUBSCRIBE", "punsubscribe", f.String("pattern"), id);
            case "join":
                var room = f.String("room");
                f.Command("ROOM.JOIN", room);
                f.Flag("snapshot", "SNAPSHOT");
                f.Option("from", "FROM");
                f.Option("last", "LAST");
                f.Option("policy", "POLICY");
                f.Option("maxrate", "MAXRATE");
                f.Flag("presence", "PRESENCE");
                return new ExpectedReply(ReplyShape.Confirmation, name, "roomjoined", room, id);
            case "leave":
                return Confirm(f, name, "ROOM.LEAVE", "roomleft", f.String("room"), id);
            case "publish":
                var target = f.String("room");
                var payload = f.Payload();
                var key = f.OptionalString("key");
                f.Command(key is null ? "PUBLISH" : "ROOM.PUBLISH", target);
                f.Arguments.Add(payload);
                if (key is not null)
                {
                    f.Arguments.Add(Encoding.UTF8.GetBytes("KEY"));
                    f.Arguments.Add(Encoding.UTF8.GetBytes(key));
                }

                return new ExpectedReply(ReplyShape.Published, name, Id: id);
            case "rooms":
                var pattern = f.OptionalString("pattern");
                f.Command(pattern is null ? ["ROOM.LIST"] : ["ROOM.LIST", pattern]);
                return new ExpectedReply(ReplyShape.Rooms, name, Id: id);
            case "info":
                return Query(f, name, "ROOM.INFO", ReplyShape.Info, id);
            case "last":
                return Query(f, name, "ROOM.LAST", ReplyShape.Last, id);
            case "ping":
                f.Command("PING");
                return new ExpectedReply(ReplyShape.Pong, name, Id: id);
            default:
                return null;
        }
    }

    private static ExpectedReply Confirm(OpFields f, string op, string command, string confirmation, string subject, string? id)
    {
        f.Command(command, subject);
        return new ExpectedReply(ReplyShape.Confirmation, op, confirmation, subject, id);
    }

    private static ExpectedReply Query(OpFields f, string op, string command, ReplyShape shape, string? id)
    {
        var room = f.String("room");
        f.Command(command, room);
        return new ExpectedReply(shape, op, Subject: room, Id: id);
    }

    // *<n>\r\n then $<len>\r\n<argument>\r\n per argument: a request as any Redis client sends it.
    private void Write(IReadOnlyList<byte[]> arguments)
    {
        RespWriter.ArrayHeader(_commands, arguments.Count);
        foreach (var argument in arguments)
        {
            RespWriter.BulkString(_commands, argument);
        }
    }

    private void Write(string[] arguments) => Write([.. arguments.Select(Encoding.UTF8.GetBytes)]);

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
