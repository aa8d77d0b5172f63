using ActorRooms.Broker.Hosting;
using Akka.Configuration;

namespace ActorRooms.Broker.Tests.Hosting;

/// <summary>
/// Malformed HOCON is refused with the file and the line, quickly, whatever its shape (Akka's parser loops forever on
/// an unclosed '[' and silently accepts the other shapes); well-formed files parse as before.
/// </summary>
public sealed class HoconFileSpecs : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"hocon-{Guid.NewGuid():N}.conf");

    public void Dispose() => File.Delete(_file);

    [Theory]
    [InlineData("x = [\ny = 1\n", "line 2", "the list opened at line 1 (a ']' is missing?)")]
    [InlineData("x = [ a = 1 ]\n", "line 1", "'='")]
    [InlineData("actor-rooms.broker.security.users = [\n  { name = alice }\n", "line 3", "'[' opened at line 1 is never closed")]
    [InlineData("x = {\ny = 1\n", "line 3", "'{' opened at line 1 is never closed")]
    [InlineData("a {\n  b {\n    c = 1\n  }\n", "line 5", "'{' opened at line 1 is never closed")]
    [InlineData("x = \"abc\ny = 1\n", "line 1", "string is not closed")]
    [InlineData("x = \"\"\"abc\n", "line 1", "\"\"\" string opened at line 1 is never closed")]
    [InlineData("x = 1\n}\ny = 2\n", "line 2", "'}' closes nothing")]
    [InlineData("x = 1 ]\n", "line 1", "unexpected ']'")]
    [InlineData("this is { not hocon [[[\n", "line 1", "after 'not hocon'")]
    [InlineData("just some words\n", "line 1", "'just some words' has no value")]
    [InlineData("x =\ny = 1\n", "line 1", "'x' has no value")]
    [InlineData("x = 1 y = 2\n", "line 1", "unexpected '='")]
    [InlineData("x = ${a.b\n", "line 1", "substitution")]
    [InlineData("x = [1, 2}\n", "line 1", "'}' inside the list")]
    public void Should_refuse_naming_the_file_and_line_when_the_file_is_malformed(string text, string line, string what)
    {
        File.WriteAllText(_file, text);

        var started = System.Diagnostics.Stopwatch.StartNew();
        var error = Assert.Throws<ConfigurationException>(() => HoconFile.Parse(_file));

        Assert.Contains($"'{_file}' is not valid HOCON: {line}:", error.Message, StringComparison.Ordinal);
        Assert.Contains(what, error.Message, StringComparison.Ordinal);
        // Refused by the shape check, not by the parse timeout (which would also refuse it, after 5 s).
        Assert.True(started.Elapsed < HoconFile.ParseTimeout, $"took {started.Elapsed}");
    }

    [Fact]
    public void Should_read_every_form_the_shipped_files_and_docs_use_when_the_file_is_well_formed()
    {
        File.WriteAllText(_file, """"
            # comment
            // another comment
            actor-rooms.broker {
              port = 7001, bind = "127.0.0.1"   # trailing comment
              protocol { max-arguments = 12 }
              security.users = [
                { name = alice, password-sha256 = "2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b",
                  publish = ["prices.*"], subscribe = ["prices.*", "chat.*"] }
              ]
            }
            "quoted.key" : "a value with \" and : = { ["
            text = """multi
            line"""
            copy = ${actor-rooms.broker.port}
            list += 5
            akka.cluster.downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
            akka.remote.dot-netty.tcp.maximum-frame-size = 16m
            sizes = [ 1, 2,
              3 ]
            """");

        var config = HoconFile.Parse(_file);

        Assert.Equal(7001, config.GetInt("actor-rooms.broker.port"));
        Assert.Equal(12, config.GetInt("actor-rooms.broker.protocol.max-arguments"));
        Assert.Equal(7001, config.GetInt("copy"));
        Assert.Equal([1, 2, 3], config.GetIntList("sizes"));
    }

    [Theory]
    [InlineData("broker.conf")]
    [InlineData("cluster.conf")]
    [InlineData("clients.conf")]
    public void Should_accept_the_shipped_defaults_when_checked(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "hocon", name);

        Assert.Null(HoconSyntaxCheck.FindProblem(File.ReadAllText(path)));
    }

    [Fact]
    public void Should_refuse_unread_when_the_file_is_larger_than_a_configuration_can_be()
    {
        File.WriteAllText(_file, "x = \"" + new string('a', (int)HoconFile.MaxBytes) + "\"\n");

        var error = Assert.Throws<ConfigurationException>(() => HoconFile.Parse(_file));

        Assert.Contains($"at most {HoconFile.MaxBytes} are read", error.Message, StringComparison.Ordinal);
    }
}
