using System.Buffers;
using System.Text;
using ActorRooms.Broker.Rooms;
using ActorRooms.Protocol.Resp;

namespace ActorRooms.Broker.Network.Replies;

/// <summary>
/// The replies of ROOM.LAST, ROOM.MEMBERS, ROOM.INFO and ROOM.LIST, as pure functions of the room's answer and the
/// client's protocol: RESP3 maps, RESP2 flat arrays (as Redis does for maps).
/// </summary>
public static class RoomReplies
{
    /// <summary><c>%3 epoch :e last-seq :s values *n [*4 :seq key :time-ms payload]</c></summary>
    public static void WriteLast(IBufferWriter<byte> w, RoomLastAnswered answer, RespProtocol protocol)
    {
        RespWriter.MapHeader(w, 3, protocol);
        RespWriter.BulkString(w, "epoch"u8);
        RespWriter.Integer(w, answer.Epoch);
        RespWriter.BulkString(w, "last-seq"u8);
        RespWriter.Integer(w, answer.LastSeq);
        RespWriter.BulkString(w, "values"u8);
        RespWriter.ArrayHeader(w, answer.Values.Count);
        foreach (var entry in answer.Values)
        {
            RespWriter.ArrayHeader(w, 4);
            RespWriter.Integer(w, entry.Seq);
            WriteText(w, entry.Key, protocol);
            RespWriter.Integer(w, entry.TimeMs);
            RespWriter.BulkString(w, entry.Payload.Span);
        }
    }

    /// <summary><c>%2 count :n members *n [%3 id :i name $n|null via subscribe|room|both]</c></summary>
    public static void WriteMembers(IBufferWriter<byte> w, IReadOnlyList<RoomMemberState> members, RespProtocol protocol)
    {
        RespWriter.MapHeader(w, 2, protocol);
        RespWriter.BulkString(w, "count"u8);
        RespWriter.Integer(w, members.Count);
        RespWriter.BulkString(w, "members"u8);
        RespWriter.ArrayHeader(w, members.Count);
        foreach (var member in members)
        {
            RespWriter.MapHeader(w, 3, protocol);
            RespWriter.BulkString(w, "id"u8);
            RespWriter.Integer(w, member.ClientId);
            RespWriter.BulkString(w, "name"u8);
            WriteText(w, member.Name, protocol);
            RespWriter.BulkString(w, "via"u8);
            RespWriter.BulkString(w, Via(member));
        }
    }

    /// <summary>
    /// <c>%23 room $r epoch :e last-seq :s oldest-seq :o subscribers :n room-members :n pattern-subscribers :n
    /// messages-in :n messages-out :n messages-in-per-sec :n messages-out-per-sec :n fan-out :n last-publish-ms :t|null
    /// history-messages :n history-bytes :n keys :n keys-evicted :n dropped :n conflated :n queued-bytes :n
    /// members-answered :n latency-us %n|null members *n [%10 ...]</c>
    /// </summary>
    public static void WriteInfo(IBufferWriter<byte> w, RoomInfo info, RespProtocol protocol)
    {
        var t = info.Telemetry;
        var feeds = info.Members.Select(m => m.Feed).OfType<RoomFeedState>().ToList();
        RespWriter.MapHeader(w, 23, protocol);
        Field(w, "room"u8, Encoding.Latin1.GetBytes(info.Room));
        Field(w, "epoch"u8, info.Epoch);
        Field(w, "last-seq"u8, info.LastSeq);
        Field(w, "oldest-seq"u8, info.OldestSeq);
        Field(w, "subscribers"u8, info.ChannelMembers);
        Field(w, "room-members"u8, info.FeedMembers);
        Field(w, "pattern-subscribers"u8, info.PatternSubscribers);
        Field(w, "messages-in"u8, t.MessagesIn);
        Field(w, "messages-out"u8, t.MessagesOut);
        Field(w, "messages-in-per-sec"u8, t.MessagesInPerSecond);
        Field(w, "messages-out-per-sec"u8, t.MessagesOutPerSecond);
        Field(w, "fan-out"u8, t.LastFanOut);
        RespWriter.BulkString(w, "last-publish-ms"u8);
        if (t.LastPublishMs is { } last)
        {
            RespWriter.Integer(w, last);
        }
        else
        {
            RespWriter.Null(w, protocol);
        }

        Field(w, "history-messages"u8, t.HistoryMessages);
        Field(w, "history-bytes"u8, t.HistoryBytes);
        Field(w, "keys"u8, t.Keys);
        Field(w, "keys-evicted"u8, t.KeysEvicted);
        Field(w, "dropped"u8, feeds.Sum(f => f.Dropped));
        Field(w, "conflated"u8, feeds.Sum(f => f.Conflated));
        Field(w, "queued-bytes"u8, info.Members.Sum(m => m.QueuedBytes));
        Field(w, "members-answered"u8, info.Members.Count);
        RespWriter.BulkString(w, "latency-us"u8);
        if (info.LatencyMicros is { } latency)
        {
            RespWriter.MapHeader(w, latency.Count, protocol);
            foreach (var (name, value) in latency)
            {
                Field(w, Encoding.ASCII.GetBytes(name), value);
            }
        }
        else
        {
            RespWriter.Null(w, protocol);
        }

        RespWriter.BulkString(w, "members"u8);
        RespWriter.ArrayHeader(w, info.Members.Count);
        foreach (var member in info.Members)
        {
            WriteInfoMember(w, member, protocol);
        }
    }

    /// <summary><c>*n [$room ...]</c>: ROOM.LIST's answer, only the rooms <paramref name="visible"/> lets through.</summary>
    public static void WriteRoomList(IBufferWriter<byte> w, IReadOnlyList<string> rooms, Func<string, bool>? visible)
    {
        var shown = visible is null ? rooms : rooms.Where(visible).ToList();
        RespWriter.ArrayHeader(w, shown.Count);
        foreach (var room in shown)
        {
            RespWriter.BulkString(w, Encoding.Latin1.GetBytes(room));
        }
    }

    // %10 id :i name $n|null via $v policy $p maxrate :n queued-bytes :n backlog-bytes :n delivered :n dropped :n conflated :n
    private static void WriteInfoMember(IBufferWriter<byte> w, RoomMemberState member, RespProtocol protocol)
    {
        var feed = member.Feed;
        RespWriter.MapHeader(w, 10, protocol);
        Field(w, "id"u8, member.ClientId);
        RespWriter.BulkString(w, "name"u8);
        WriteText(w, member.Name, protocol);
        RespWriter.BulkString(w, "via"u8);
        RespWriter.BulkString(w, Via(member));
        Field(w, "policy"u8, Encoding.ASCII.GetBytes(feed?.Policy ?? "disconnect"));
        Field(w, "maxrate"u8, feed?.MaxRate ?? 0);
        Field(w, "queued-bytes"u8, member.QueuedBytes);
        Field(w, "backlog-bytes"u8, feed?.BacklogBytes ?? 0);
        Field(w, "delivered"u8, feed?.Delivered ?? 0);
        Field(w, "dropped"u8, feed?.Dropped ?? 0);
        Field(w, "conflated"u8, feed?.Conflated ?? 0);
    }

    private static ReadOnlySpan<byte> Via(RoomMemberState member) =>
        member.Subscribed && member.Feed is not null ? "both"u8 : member.Feed is not null ? "room"u8 : "subscribe"u8;

    private static void Field(IBufferWriter<byte> w, ReadOnlySpan<byte> name, long value)
    {
        RespWriter.BulkString(w, name);
        RespWriter.Integer(w, value);
    }

    private static void Field(IBufferWriter<byte> w, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        RespWriter.BulkString(w, name);
        RespWriter.BulkString(w, value);
    }

    private static void WriteText(IBufferWriter<byte> w, string? text, RespProtocol protocol)
    {
        if (text is null)
        {
            RespWriter.Null(w, protocol);
        }
        else
        {
            RespWriter.BulkString(w, Encoding.Latin1.GetBytes(text));
        }
    }
}
