using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ClutchCall.Agents.Tests.Connectors;

/// <summary>
/// An OpenAI-compatible chat server: <c>POST /v1/chat/completions</c>, bearer key checked, request recorded, and the
/// answer (an SSE token stream by default) chosen by the requested model name.
/// </summary>
internal sealed class FakeChatServer : IAsyncDisposable
{
    public const string ApiKey = "sk-test-chat";

    private readonly LoopbackServer _server;

    private FakeChatServer(LoopbackServer server) => _server = server;

    public ConcurrentQueue<JsonDocument> Requests { get; } = new();

    /// <summary>The "gated" model waits here after its first sentence.</summary>
    public TaskCompletionSource FirstChunkSeen { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Uri BaseUrl => new(_server.BaseUri, "v1");

    public static async Task<FakeChatServer> StartAsync()
    {
        FakeChatServer? fake = null;
        var server = await LoopbackServer.StartAsync(app => app.MapPost("/v1/chat/completions", (HttpContext context) => fake!.HandleAsync(context)));
        fake = new FakeChatServer(server);
        return fake;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization.ToString() != "Bearer " + ApiKey)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsync("""{"error":{"message":"bad key"}}""");
            return;
        }

        JsonDocument request = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        Requests.Enqueue(request);
        if (!request.RootElement.GetProperty("stream").GetBoolean())
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        HttpResponse response = context.Response;
        response.ContentType = "text/event-stream";
        switch (request.RootElement.GetProperty("model").GetString())
        {
            case "stream":
                await DeltasAsync(response, "Hello there! How", " can I help", " you today? I'm", " at Dr. Smith's", " office.");
                await SendAsync(response, Finish());
                await SendAsync(response, "[DONE]");
                break;
            case "gated":
                await DeltasAsync(response, "One moment. ");
                await FirstChunkSeen.Task.WaitAsync(TimeSpan.FromSeconds(10), context.RequestAborted);
                await DeltasAsync(response, "Done");
                await SendAsync(response, "[DONE]");
                break;
            case "whole":
                response.ContentType = "application/json";
                await response.WriteAsync("""{"id":"c1","choices":[{"index":0,"message":{"role":"assistant","content":"All at once."},"finish_reason":"stop"}]}""");
                break;
            case "slow":
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
                break;
            case "stall":
                await DeltasAsync(response, "First sentence. Sec");
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
                break;
            case "fail":
                response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                await response.WriteAsync("overloaded");
                break;
            case "garbage":
                await DeltasAsync(response, "Fine. ");
                await SendAsync(response, "{not json");
                break;
            case "upstream-error":
                await SendAsync(response, """{"error":{"message":"context length exceeded","type":"invalid_request_error"}}""");
                break;
            case "truncated":
                await DeltasAsync(response, "Sure thing. And then");
                break;
            case "empty":
                await SendAsync(response, Finish());
                await SendAsync(response, "[DONE]");
                break;
            default:
                response.StatusCode = StatusCodes.Status404NotFound;
                break;
        }
    }

    private static async Task DeltasAsync(HttpResponse response, params string[] deltas)
    {
        foreach (string delta in deltas)
        {
            var json = JsonSerializer.Serialize(new { id = "c1", @object = "chat.completion.chunk", choices = new[] { new { index = 0, delta = new { content = delta }, finish_reason = (string?)null } } });
            await SendAsync(response, json);
        }
    }

    private static string Finish() => """{"id":"c1","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""";

    private static async Task SendAsync(HttpResponse response, string data)
    {
        // A keep-alive comment first, as some servers send, to exercise the SSE reader.
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(": ping\r\n\r\ndata: " + data + "\r\n\r\n"));
        await response.Body.FlushAsync();
    }
}
