using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using ActorRooms.EndToEnd.Tests.Infrastructure;

namespace ActorRooms.EndToEnd.Tests.Web;

/// <summary>
/// A stand-in OpenTelemetry collector for OTLP over http/protobuf: an <see cref="HttpListener"/> on 127.0.0.1 that
/// answers every POST 200 and keeps its path, content type and body (ungzipped if it came gzipped).
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<OtlpExport> _exports = new();
    private readonly Task _serving;

    public OtlpReceiver()
    {
        Port = FreePort.Next();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serving = ServeAsync();
    }

    public int Port { get; }

    /// <summary>The base address to give the broker as <c>otlp-endpoint</c>.</summary>
    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <summary>Every request received so far, in order.</summary>
    public IReadOnlyList<OtlpExport> Exports => [.. _exports];

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _serving;
    }

    private async Task ServeAsync()
    {
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                // Stopped at the end of the test.
                return;
            }

            using var body = new MemoryStream();
            var input = context.Request.Headers["Content-Encoding"] == "gzip"
                ? new GZipStream(context.Request.InputStream, CompressionMode.Decompress)
                : context.Request.InputStream;
            await input.CopyToAsync(body);
            _exports.Enqueue(new OtlpExport(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, context.Request.ContentType, body.ToArray()));
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }
}

/// <summary>One request the receiver got.</summary>
public sealed record OtlpExport(string Method, string Path, string? ContentType, byte[] Body);
