using System.Security.Cryptography;
using System.Text;

namespace ActorRooms.Broker.Security;

/// <summary>
/// Passwords as the broker stores them: the SHA-256 digest of the UTF-8 password, written as 64 hex digits in HOCON
/// (<c>password-sha256</c>), so the configuration never holds a password in plain text. Comparison is in constant time.
/// </summary>
public static class PasswordHash
{
    /// <summary>Bytes in a SHA-256 digest.</summary>
    public const int DigestLength = 32;

    /// <summary>The lower-case hex SHA-256 of <paramref name="password"/>'s UTF-8 bytes (what <c>hash-password</c> prints).</summary>
    public static string ToHex(string password) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(password)));

    /// <summary>Reads 64 hex digits (either case) into a digest; false for anything else.</summary>
    public static bool TryParseHex(string text, out byte[] digest)
    {
        digest = [];
        if (text.Length != DigestLength * 2 || !text.All(Uri.IsHexDigit))
        {
            return false;
        }

        digest = Convert.FromHexString(text);
        return true;
    }

    /// <summary>
    /// True when <paramref name="password"/> hashes to <paramref name="digest"/>. The password is hashed whatever it is
    /// and the digests are compared with <see cref="CryptographicOperations.FixedTimeEquals"/>, so the time taken says
    /// nothing about how much of a guess was right.
    /// </summary>
    public static bool Matches(ReadOnlySpan<byte> password, ReadOnlySpan<byte> digest)
    {
        Span<byte> actual = stackalloc byte[DigestLength];
        SHA256.HashData(password, actual);
        return CryptographicOperations.FixedTimeEquals(actual, digest);
    }
}
