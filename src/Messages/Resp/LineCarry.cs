namespace ActorRooms.Protocol.Resp;

/// <summary>
/// A partial line kept between received chunks by the incremental RESP readers (requests here, replies in the
/// clients); it grows only with bytes actually received, never with a declared length.
/// </summary>
public sealed class LineCarry
{
    private byte[] _buffer = [];

    /// <summary>Bytes held.</summary>
    public int Length { get; private set; }

    /// <summary>The bytes held; valid until the next <see cref="Append"/>.</summary>
    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    /// <summary>Adds bytes at the end, growing by doubling.</summary>
    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (Length + bytes.Length > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(Length + bytes.Length, Math.Max(64, _buffer.Length * 2)));
        }

        bytes.CopyTo(_buffer.AsSpan(Length));
        Length += bytes.Length;
    }

    /// <summary>Forgets the bytes (keeps the buffer for the next line).</summary>
    public void Clear() => Length = 0;
}
