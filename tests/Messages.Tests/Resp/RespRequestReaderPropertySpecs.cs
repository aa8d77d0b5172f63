using ActorRooms.Protocol.Resp;
using FsCheck;
using FsCheck.Fluent;
using static ActorRooms.Protocol.Tests.Resp.ReaderHarness;

namespace ActorRooms.Protocol.Tests.Resp;

/// <summary>Reader properties over generated streams and generated chunkings (plain FsCheck, run from facts).</summary>
public sealed class RespRequestReaderPropertySpecs
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(300);

    // Pieces that steer random streams into every reader state: headers, lengths, quotes, escapes, line ends.
    private static readonly string[] Tokens =
    [
        "*", "$", "\r", "\n", "\r\n", "*1\r\n", "*2\r\n", "*3\r\n", "*0\r\n", "*-1\r\n", "*9\r\n", "$0\r\n", "$1\r\n",
        "$3\r\n", "$5\r\n", "$-1\r\n", "$101\r\n", "0", "1", "3", "-", "+", " ", "\t", "\"", "'", "\\", "\\x", "4a",
        "PING", "PUBLISH", "a", "abc", "\0", "\xff", "hello world",
    ];

    private static readonly Gen<byte[]> AnyBytes = Gen.Choose(0, 255).Select(i => (byte)i).ArrayOf();

    private static readonly Gen<byte[]> RespLikeBytes = Gen.Elements(Tokens).ListOf()
        .Select(tokens => Bytes(string.Concat(tokens)));

    private static readonly Gen<byte[]> AnyStream = Gen.OneOf(AnyBytes, RespLikeBytes);

    private static readonly Gen<int[]> Cuts = Gen.Choose(0, 1000).ArrayOf();

    [Fact]
    public void Should_only_yield_well_formed_results_and_never_throw_when_fed_arbitrary_bytes_in_arbitrary_chunks()
    {
        // Arrange
        var streams = (from stream in AnyStream from cuts in Cuts select (stream, cuts)).ToArbitrary();

        // Act
        var property = Prop.ForAll(streams, input => ReadsWellFormed(CutAt(input.stream, Scale(input.cuts, input.stream.Length))));

        // Assert
        property.Check(Quick);
    }

    [Fact]
    public void Should_yield_the_same_outcome_whatever_the_chunking_when_fed_arbitrary_bytes()
    {
        // Arrange
        var streams = (from stream in AnyStream from cuts in Cuts select (stream, cuts)).ToArbitrary();

        // Act
        var property = Prop.ForAll(streams, input =>
        {
            var whole = Read([input.stream], SmallLimits);
            var cut = Read(CutAt(input.stream, Scale(input.cuts, input.stream.Length)), SmallLimits);
            var sameErrorOrTooBig = whole.Error == cut.Error
                || (whole.Error is not null && cut.Error is not null
                    && (whole.Error.StartsWith("Protocol error: too big", StringComparison.Ordinal)
                        || cut.Error.StartsWith("Protocol error: too big", StringComparison.Ordinal)));
            return (whole.CommandsJson == cut.CommandsJson && whole.Last == cut.Last && sameErrorOrTooBig)
                .Label($"whole: {whole.CommandsJson} {whole.Last} '{whole.Error}'; cut: {cut.CommandsJson} {cut.Last} '{cut.Error}'");
        });

        // Assert
        property.Check(Quick);
    }

    [Fact]
    public void Should_round_trip_every_command_when_arbitrary_commands_are_encoded_and_cut_anywhere()
    {
        // Arrange: each command is multibulk or an inline line of \xHH-escaped quoted arguments.
        var command = from arguments in AnyBytes.Resize(40).NonEmptyListOf().Resize(6)
                      from inline in Gen.Elements(false, true)
                      select (Arguments: arguments.ToArray(), Inline: inline);
        var streams = (from commands in command.NonEmptyListOf().Resize(12) from cuts in Cuts select (commands, cuts)).ToArbitrary();

        // Act
        var property = Prop.ForAll(streams, input =>
        {
            var encoded = input.commands
                .SelectMany(c => c.Inline ? InlineHexQuoted(c.Arguments) : Multibulk(c.Arguments))
                .ToArray();
            var expected = Json(input.commands.Select(c => c.Arguments.Select(a => Text(a)).ToArray()));
            var outcome = Read(CutAt(encoded, Scale(input.cuts, encoded.Length)));
            return (outcome.CommandsJson == expected && outcome.Last == RespReadResult.NeedMoreData && outcome.Error is null)
                .Label($"expected {expected}, got {outcome.CommandsJson} then {outcome.Last} '{outcome.Error}'");
        });

        // Assert
        property.Check(Quick);
    }

    private static IEnumerable<int> Scale(int[] cuts, int length) => cuts.Select(c => c * (length + 1) / 1001);

    private static Property ReadsWellFormed(byte[][] chunks)
    {
        var reader = new RespRequestReader(SmallLimits);
        var arguments = new List<ReadOnlyMemory<byte>>();
        foreach (var chunk in chunks)
        {
            reader.Feed(chunk);
            while (true)
            {
                var result = reader.TryRead(arguments);
                switch (result)
                {
                    case RespReadResult.Command when arguments.Count >= 1:
                        continue;
                    case RespReadResult.NeedMoreData when arguments.Count == 0 && reader.Error is null:
                        break;
                    case RespReadResult.ProtocolError when arguments.Count == 0:
                        var stays = reader.TryRead(arguments) == RespReadResult.ProtocolError;
                        return (stays && reader.Error!.StartsWith("Protocol error: ", StringComparison.Ordinal))
                            .Label($"after the error '{reader.Error}' the reader did not stay failed");
                    default:
                        return false.Label($"{result} with {arguments.Count} arguments");
                }

                break;
            }
        }

        return true.ToProperty();
    }
}
