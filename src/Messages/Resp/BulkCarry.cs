namespace ActorRooms.Protocol.Resp;

/// <summary>
/// A bulk string cut across received chunks, copied once into an array of its own (used by the request reader here
/// and the clients' reply reader). The array grows only as bytes arrive, doubling up to the declared length, which
/// the reader has already checked against its limit: declaring a huge length and sending nothing costs nothing.
/// </summary>
public sealed class BulkCarry
{
    private byte[]? _buffer;

    /// <summary>Bytes of the bulk received so far.</summary>
    public int Length { get; private set; }

    /// <summary>True once some bytes of the current bulk have been copied.</summary>
    public bool IsStarted => _buffer is not null;

    /// <summary>Copies from <paramref name="source"/> what the bulk of <paramref name="declaredLength"/> bytes still lacks; returns the bytes taken.</summary>
    public int Append(ReadOnlySpan<byte> source, long declaredLength)
    {
        var take = (int)Math.Min(declaredLength - Length, source.Length);
        EnsureCapacity(Length + take, declaredLength);
        source[..take].CopyTo(_buffer.AsSpan(Length));
        Length += take;
        return take;
    }

    /// <summary>Hands out the bulk received (its array is never reused) and starts empty again.</summary>
    public ReadOnlyMemory<byte> Take()
    {
        var bulk = _buffer.AsMemory(0, Length);
        _buffer = null;
        Length = 0;
        return bulk;
    }

    private void EnsureCapacity(int required, long declaredLength)
    {
        if (_buffer is not null && _buffer.Length >= required)
        {
            return;
        }

        var size = Math.Max(required, Math.Min((long)(_buffer?.Length ?? 0) * 2, declaredLength));
        size = Math.Max(size, Math.Min(4096, declaredLength));
        var grown = new byte[size];
        _buffer?.AsSpan(0, Length).CopyTo(grown);
        _buffer = grown;
    }
}
