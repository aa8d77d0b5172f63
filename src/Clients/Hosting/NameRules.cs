namespace ActorRooms.Clients.Hosting;

/// <summary>
/// What the clients accept as room names, patterns and symbols; the command line and the HOCON settings both
/// check with these, so the two give the same answer. Each method returns the problem, or null when the value is fine.
/// </summary>
public static class NameRules
{
    /// <summary>Longest room name or pattern the clients send (the broker itself accepts far longer).</summary>
    public const int MaxRoomLength = 1024;

    /// <summary>Longest symbol.</summary>
    public const int MaxSymbolLength = 32;

    /// <summary>A room (channel) or pattern: not empty, no spaces or control characters, at most <see cref="MaxRoomLength"/> characters.</summary>
    public static string? RoomProblem(string? room, string what = "room")
    {
        if (string.IsNullOrWhiteSpace(room))
        {
            return $"the {what} must not be empty";
        }

        if (room.Length > MaxRoomLength)
        {
            return $"the {what} is longer than {MaxRoomLength} characters";
        }

        return room.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
            ? $"the {what} '{room}' contains spaces or control characters"
            : null;
    }

    /// <summary>A symbol: 1 to 32 of A-Z a-z 0-9 . _ - (it becomes part of a room name and a JSON string).</summary>
    public static string? SymbolProblem(string? symbol)
    {
        if (string.IsNullOrEmpty(symbol))
        {
            return "a symbol must not be empty";
        }

        if (symbol.Length > MaxSymbolLength)
        {
            return $"the symbol '{symbol}' is longer than {MaxSymbolLength} characters";
        }

        return symbol.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')
            ? null
            : $"the symbol '{symbol}' may only contain letters, digits, '.', '_' and '-'";
    }

    /// <summary>Splits a comma-separated symbol list (spaces around commas allowed).</summary>
    public static IReadOnlyList<string> SplitSymbols(string text) =>
        text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
