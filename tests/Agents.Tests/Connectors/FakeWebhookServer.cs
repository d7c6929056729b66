using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using ClutchCall.Agents.Connectors.Webhook;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ClutchCall.Agents.Tests.Connectors;

/// <summary>
/// An operator's webhook endpoint: it verifies every delivery with <see cref="WebhookSignature.Verify"/> (401 when the
/// signature is wrong, as a real server would) and then answers in the way the path names.
/// </summary>
internal sealed class FakeWebhookServer : IAsyncDisposable
{
    public const string Secret = "whsec_test_5f2b";

    private readonly LoopbackServer _server;

    private FakeWebhookServer(LoopbackServer server) => _server = server;

    /// <summary>Every verified delivery: the webhook-id header and the parsed body.</summary>
    public ConcurrentQueue<(string DeliveryId, JsonDocument Body)> Deliveries { get; } = new();

    /// <summary>The NDJSON "gated" reply waits here after its first chunk, so a test can prove that chunk arrived alone.</summary>
    public TaskCompletionSource FirstChunkSeen { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Uri Url(string mode) => new(_server.BaseUri, "hook/" + mode);

    public static async Task<FakeWebhookServer> StartAsync()
    {
        FakeWebhookServer? fake = null;
        var server = await LoopbackServer.StartAsync(app => app.MapPost("/hook/{mode}", (HttpContext context, string mode) => fake!.HandleAsync(context, mode)));
        fake = new FakeWebhookServer(server);
        return fake;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(HttpContext context, string mode)
    {
        using var copy = new MemoryStream();
        await context.Request.Body.CopyToAsync(copy, context.RequestAborted);
        byte[] raw = copy.ToArray();
        string? signature = context.Request.Headers[WebhookSignature.HeaderName];
        if (WebhookSignature.Verify(signature, raw, Secret, DateTimeOffset.UtcNow) != WebhookSignatureResult.Valid)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsync("bad signature");
            return;
        }

        Deliveries.Enqueue((context.Request.Headers[WebhookSignature.DeliveryIdHeaderName].ToString(), JsonDocument.Parse(raw)));
        await AnswerAsync(context, mode);
    }

    private async Task AnswerAsync(HttpContext context, string mode)
    {
        HttpResponse response = context.Response;
        switch (mode)
        {
            case "json":
                response.ContentType = "application/json; charset=utf-8";
                await response.WriteAsync("""{"text":"Your appointment is at nine.","ignored":{"a":[1,2]}}""");
                break;
            case "ndjson":
                response.ContentType = "application/x-ndjson";
                await WriteLinesAsync(response, """{"text":"Let me check.","interim":true}""", "", """{"text":"You are booked.","interim":true}""", """{"text":"Anything else?"}""", """{"text":"never read"}""");
                break;
            case "ndjson-gated":
                response.ContentType = "application/x-ndjson";
                await WriteLinesAsync(response, """{"text":"One moment.","interim":true}""");
                await FirstChunkSeen.Task.WaitAsync(TimeSpan.FromSeconds(10), context.RequestAborted);
                await WriteLinesAsync(response, """{"text":"Done."}""");
                break;
            case "ndjson-stall":
                response.ContentType = "application/x-ndjson";
                await WriteLinesAsync(response, """{"text":"Thinking.","interim":true}""");
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
                break;
            case "slow":
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
                break;
            case "fail":
                response.StatusCode = StatusCodes.Status500InternalServerError;
                await response.WriteAsync("upstream exploded");
                break;
            case "garbage":
                response.ContentType = "application/json";
                await response.WriteAsync("<html>not json</html>");
                break;
            case "garbage-line":
                response.ContentType = "application/x-ndjson";
                await WriteLinesAsync(response, """{"text":"Sure.","interim":true}""", """{"text": 42}""");
                break;
            case "html":
                response.ContentType = "text/html";
                await response.WriteAsync("""{"text":"hi"}""");
                break;
            case "empty":
                response.ContentType = "application/json";
                break;
            case "empty-text":
                response.ContentType = "application/json";
                await response.WriteAsync("""{"text":"  "}""");
                break;
            case "ndjson-empty":
                response.ContentType = "application/x-ndjson";
                break;
            case "truncated":
                // Ends cleanly, but before the final chunk.
                response.ContentType = "application/x-ndjson";
                await WriteLinesAsync(response, """{"text":"First part.","interim":true}""");
                break;
            case "truncated-line":
                // Ends inside a line.
                response.ContentType = "application/x-ndjson";
                await WriteLinesAsync(response, """{"text":"First part.","interim":true}""");
                await response.WriteAsync("""{"text":"Second pa""");
                break;
            case "aborted":
                // The connection dies mid-stream (once the client has the first chunk: a reset may drop unread data).
                response.ContentType = "application/x-ndjson";
                await WriteLinesAsync(response, """{"text":"First part.","interim":true}""");
                await FirstChunkSeen.Task.WaitAsync(TimeSpan.FromSeconds(10), context.RequestAborted);
                await response.WriteAsync("""{"text":"Sec""");
                await response.Body.FlushAsync();
                context.Abort();
                break;
            case "final-no-newline":
                response.ContentType = "application/x-ndjson";
                await response.WriteAsync("""{"text":"Bye now."}""");
                break;
            default:
                response.StatusCode = StatusCodes.Status404NotFound;
                break;
        }
    }

    private static async Task WriteLinesAsync(HttpResponse response, params string[] lines)
    {
        foreach (string line in lines)
        {
            await response.Body.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"));
            await response.Body.FlushAsync();
        }
    }
}
