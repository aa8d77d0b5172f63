namespace ActorRooms.Clients.Hosting;

/// <summary>The clients program's exit codes.</summary>
public static class ExitCodes
{
    /// <summary>Done (count reached, or stopped with Ctrl+C).</summary>
    public const int Ok = 0;

    /// <summary>Bad command line (unknown option, bad value): System.CommandLine's code for parse errors.</summary>
    public const int Usage = 1;

    /// <summary>A setting (HOCON file or value) is wrong.</summary>
    public const int BadSettings = 2;

    /// <summary>The server could not be reached (or was lost) and retrying is off (<c>--no-retry</c>).</summary>
    public const int Unreachable = 3;

    /// <summary>The server refused the credentials (WRONGPASS) or the user's room (NOPERM): retrying cannot help.</summary>
    public const int Refused = 5;

    /// <summary>The TLS handshake failed (a server certificate the CA file does not vouch for, a port that does not speak TLS): retrying cannot help.</summary>
    public const int Tls = 6;

    /// <summary>The environment variable the pump and reader read their password from when --password is absent.</summary>
    public const string PasswordVariableName = "ACTORROOMS_PASSWORD";

    /// <summary>Something else went wrong (a broker could not listen, an actor system died).</summary>
    public const int Failed = 4;
}
