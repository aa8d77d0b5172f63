using System.Net;
using StackExchange.Redis;

namespace ActorRooms.EndToEnd.Tests.StackExchangeRedis;

/// <summary>How the StackExchange.Redis specs connect (bounded timeouts, a failed connect shown with its log) and read a subscription.</summary>
public static class StackExchangeConnections
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Options for one server over <paramref name="protocol"/>; the caller may add a user and password.</summary>
    public static ConfigurationOptions Options(IPEndPoint endpoint, RedisProtocol protocol)
    {
        var options = new ConfigurationOptions
        {
            AbortOnConnectFail = false,
            ConnectTimeout = 5000,
            AsyncTimeout = 5000,
            SyncTimeout = 5000,
            Protocol = protocol,
            ClientName = "actorrooms-e2e",
        };
        options.EndPoints.Add(endpoint);
        return options;
    }

    /// <summary>A connected multiplexer, or the test fails with StackExchange.Redis's connect log.</summary>
    public static async Task<ConnectionMultiplexer> ConnectAsync(ConfigurationOptions options)
    {
        var log = new StringWriter();
        var connection = await ConnectionMultiplexer.ConnectAsync(options, log);
        if (!connection.IsConnected)
        {
            await connection.DisposeAsync();
            Assert.Fail($"StackExchange.Redis ({options.Protocol}) did not connect to {string.Join(", ", options.EndPoints)}:\n{log}");
        }

        return connection;
    }

    /// <summary>The next <paramref name="count"/> messages of <paramref name="queue"/>, or the test fails after <see cref="Timeout"/>.</summary>
    public static async Task<List<ChannelMessage>> ReadAsync(ChannelMessageQueue queue, int count)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var messages = new List<ChannelMessage>(count);
        try
        {
            while (messages.Count < count)
            {
                messages.Add(await queue.ReadAsync(timeout.Token));
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"Received {messages.Count} of {count} messages within {Timeout}: {string.Join(", ", messages.Select(m => m.Message))}");
        }

        return messages;
    }
}
