namespace ActorRooms.Protocol.Resp;

/// <summary>The aggregate side of the reader: arrays, pushes, sets, maps and attributes, nested.</summary>
public sealed partial class RespReplyReader
{
    // *<count>\r\n followed by count values (also > ~ % |; a map or attribute has 2×count); *-1\r\n is the RESP2 null array.
    private Step StartAggregate(ReadOnlySpan<byte> text)
    {
        var type = _type switch
        {
            (byte)'*' => RespValueType.Array,
            (byte)'>' => RespValueType.Push,
            (byte)'~' => RespValueType.Set,
            _ => RespValueType.Map,
        };
        if (!RedisInteger.TryParse(text, out var count) || count < -1 || (count == -1 && _type != (byte)'*'))
        {
            return Fail("invalid aggregate length");
        }

        if (count == -1)
        {
            return Step.Done(RespValue.NullOf(RespValueType.Array));
        }

        var elements = _type is (byte)'%' or (byte)'|' ? count * 2 : count;
        if (elements > _limits.MaxElements)
        {
            return Fail($"aggregate of {elements} elements is over the limit of {_limits.MaxElements}");
        }

        if (_stack.Count >= _limits.MaxDepth)
        {
            return Fail($"aggregates nested deeper than {_limits.MaxDepth}");
        }

        var isAttribute = _type == (byte)'|';
        _state = State.Type;
        if (elements == 0)
        {
            // An empty attribute annotates nothing: the value after it is read as if it were not there.
            return isAttribute ? Step.Continue : Step.Done(RespValue.Aggregate(type, []));
        }

        _stack.Add(new Frame(type, (int)elements, isAttribute));
        return Step.Continue;
    }

    /// <summary>Adds a finished value to the open aggregates; true with the top-level value once one is complete.</summary>
    private bool Complete(RespValue finished, out RespValue topLevel)
    {
        while (_stack.Count > 0)
        {
            var frame = _stack[^1];
            frame.Add(finished);
            if (!frame.IsFull)
            {
                topLevel = default;
                return false;
            }

            _stack.RemoveAt(_stack.Count - 1);
            if (frame.IsAttribute)
            {
                // Dropped: the value it annotates comes next and takes its place.
                topLevel = default;
                return false;
            }

            finished = frame.ToValue();
        }

        topLevel = finished;
        return true;
    }

    /// <summary>An aggregate being read: its elements so far, in an array that grows as they arrive.</summary>
    private sealed class Frame(RespValueType type, int count, bool isAttribute)
    {
        private RespValue[] _items = new RespValue[Math.Min(count, 16)];
        private int _filled;

        public bool IsAttribute { get; } = isAttribute;

        public bool IsFull => _filled == count;

        public void Add(RespValue value)
        {
            if (_filled == _items.Length)
            {
                Array.Resize(ref _items, (int)Math.Min((long)_items.Length * 2, count));
            }

            _items[_filled++] = value;
        }

        public RespValue ToValue() => RespValue.Aggregate(type, _items);
    }
}
