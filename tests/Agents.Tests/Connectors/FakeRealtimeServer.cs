using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ClutchCall.Agents.Tests.Connectors;

/// <summary>
/// A realtime speech-to-speech server speaking the OpenAI Realtime WebSocket protocol on loopback. It insists on the
/// protocol (bearer key, model query, <c>session.update</c> first with <c>turn_detection: null</c> and the expected codec),
/// transcribes a committed turn as "heard N bytes" and answers <c>response.create</c> by echoing the committed audio back
/// as deltas. The <c>scenario</c> query parameter makes it misbehave.
/// </summary>
internal sealed class FakeRealtimeServer : IAsyncDisposable
{
    public const string ApiKey = "sk-test-realtime";
    public const string Model = "gpt-test-realtime";

    private readonly LoopbackServer _server;

    private FakeRealtimeServer(LoopbackServer server) => _server = server;

    /// <summary>The client event types, in the order they arrived.</summary>
    public ConcurrentQueue<string> Received { get; } = new();

    /// <summary>Every <c>conversation.item.truncate</c>: the item and the audio_end_ms the client sent.</summary>
    public ConcurrentQueue<(string ItemId, long AudioEndMs)> Truncated { get; } = new();

    /// <summary>The session.update the client sent.</summary>
    public JsonDocument? SessionUpdate { get; private set; }

    /// <summary>Completes when the client closed the socket with a close handshake.</summary>
    public TaskCompletionSource<WebSocketCloseStatus?> ClosedByClient { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The ws:// URL; <paramref name="codec"/> is the wire name the server expects in session.update.</summary>
    public Uri Url(string scenario = "echo", string codec = "pcm16") =>
        new(_server.WebSocketBaseUri, $"v1/realtime?scenario={scenario}&codec={codec}");

    public static async Task<FakeRealtimeServer> StartAsync()
    {
        FakeRealtimeServer? fake = null;
        var server = await LoopbackServer.StartAsync(app =>
        {
            app.UseWebSockets();
            app.Map("/v1/realtime", (HttpContext context) => fake!.AcceptAsync(context));
        });
        fake = new FakeRealtimeServer(server);
        return fake;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task AcceptAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest || context.Request.Query["model"] != Model)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        if (context.Request.Headers.Authorization != "Bearer " + ApiKey)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        string scenario = context.Request.Query["scenario"].ToString();
        if (scenario == "hang")
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
            return;
        }

        using WebSocket socket = await context.WebSockets.AcceptWebSocketAsync();
        var connection = new Connection(this, socket, context, scenario, context.Request.Query["codec"].ToString());
        await connection.RunAsync();
    }

    private sealed class Connection(FakeRealtimeServer owner, WebSocket socket, HttpContext context, string scenario, string codec)
    {
        private readonly MemoryStream _pending = new();
        private byte[] _committed = [];
        private bool _ga;
        private bool _configured;

        public async Task RunAsync()
        {
            await SendAsync(new { type = "session.created", session = new { id = "sess_1" } });
            byte[] buffer = new byte[64 * 1024];
            while (true)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer, context.RequestAborted);
                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    owner.ClosedByClient.TrySetResult(result.CloseStatus);
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                    return;
                }

                if (!await HandleAsync(JsonDocument.Parse(message.ToArray())))
                {
                    return;
                }
            }
        }

        private async Task<bool> HandleAsync(JsonDocument message)
        {
            string type = message.RootElement.GetProperty("type").GetString()!;
            owner.Received.Enqueue(type);
            if (!_configured && type != "session.update")
            {
                return await RefuseAsync($"{type} before session.update");
            }

            switch (type)
            {
                case "session.update":
                    owner.SessionUpdate = message;
                    if (CheckSession(message.RootElement.GetProperty("session")) is { } problem)
                    {
                        return await RefuseAsync(problem);
                    }

                    _configured = true;
                    await SendAsync(new { type = "session.updated", session = new { id = "sess_1" } });
                    return await AfterConfiguredAsync();
                case "input_audio_buffer.append":
                    _pending.Write(Convert.FromBase64String(message.RootElement.GetProperty("audio").GetString()!));
                    return true;
                case "input_audio_buffer.clear":
                    _pending.SetLength(0);
                    await SendAsync(new { type = "input_audio_buffer.cleared" });
                    return true;
                case "input_audio_buffer.commit":
                    _committed = _pending.ToArray();
                    _pending.SetLength(0);
                    await SendAsync(new { type = "input_audio_buffer.committed", item_id = "item_1" });
                    await SendAsync(new { type = "conversation.item.input_audio_transcription.completed", item_id = "item_1", transcript = $"heard {_committed.Length} bytes" });
                    return true;
                case "response.create":
                    return await RespondAsync();
                case "conversation.item.truncate":
                    var truncate = message.RootElement;
                    owner.Truncated.Enqueue((truncate.GetProperty("item_id").GetString()!, truncate.GetProperty("audio_end_ms").GetInt64()));
                    await SendAsync(new { type = "conversation.item.truncated", item_id = truncate.GetProperty("item_id").GetString() });
                    return true;
                case "response.cancel":
                    if (scenario == "hold")
                    {
                        await SendAsync(new { type = AudioDelta, response_id = "resp_1", delta = Convert.ToBase64String(_committed) }); // late audio
                        await SendAsync(new { type = "response.done", response = new { id = "resp_1", status = "cancelled" } });
                    }
                    else
                    {
                        await SendAsync(new { type = "error", error = new { type = "invalid_request_error", code = "response_cancel_not_active", message = "no active response" } });
                    }

                    return true;
                default:
                    return await RefuseAsync("unknown event " + type);
            }
        }

        private string AudioDelta => _ga ? "response.output_audio.delta" : "response.audio.delta";

        private string TranscriptEvent(string suffix) => (_ga ? "response.output_audio_transcript." : "response.audio_transcript.") + suffix;

        private async Task<bool> AfterConfiguredAsync()
        {
            switch (scenario)
            {
                case "malformed":
                    await SendRawAsync("{\"type\":\"response.audio.delta\",\"delta\":");
                    await SendRawAsync("[1,2,3]");
                    await SendAsync(new { type = "response.output_audio.delta", delta = "@@not base64@@" });
                    return true;
                case "error":
                    await SendAsync(new { type = "error", error = new { type = "server_error", message = "model overloaded" } });
                    return true;
                case "close":
                    await socket.CloseOutputAsync(WebSocketCloseStatus.InternalServerError, "going away", CancellationToken.None);
                    return false;
                default:
                    return true;
            }
        }

        private async Task<bool> RespondAsync()
        {
            if (scenario == "drop")
            {
                context.Abort();
                return false;
            }

            await SendAsync(new { type = "response.created", response = new { id = "resp_1", status = "in_progress" } });
            int half = _committed.Length / 2 & ~1;
            await SendAsync(new { type = AudioDelta, response_id = "resp_1", item_id = "item_reply_1", delta = Convert.ToBase64String(_committed, 0, half) });
            if (scenario == "hold")
            {
                return true; // the rest comes only if the client cancels
            }

            await SendAsync(new { type = TranscriptEvent("delta"), delta = "Echo" });
            await SendAsync(new { type = AudioDelta, response_id = "resp_1", delta = Convert.ToBase64String(_committed, half, _committed.Length - half) });
            await SendAsync(new { type = TranscriptEvent("delta"), delta = "ing." });
            await SendAsync(new { type = TranscriptEvent("done"), transcript = "Echoing." });
            await SendAsync(new { type = "response.done", response = new { id = "resp_1", status = "completed", output = new[] { new { type = "message" } } } });
            return true;
        }

        // Returns why the session configuration breaks the protocol the engine relies on, or null.
        private string? CheckSession(JsonElement session)
        {
            _ga = session.TryGetProperty("type", out JsonElement kind) && kind.GetString() == "realtime";
            if (_ga)
            {
                JsonElement input = session.GetProperty("audio").GetProperty("input");
                JsonElement output = session.GetProperty("audio").GetProperty("output");
                string expected = codec switch { "g711_ulaw" => "audio/pcmu", "g711_alaw" => "audio/pcma", _ => "audio/pcm" };
                if (input.GetProperty("turn_detection").ValueKind != JsonValueKind.Null)
                {
                    return "turn_detection must be null";
                }

                if (input.GetProperty("format").GetProperty("type").GetString() != expected || output.GetProperty("format").GetProperty("type").GetString() != expected)
                {
                    return "format must be " + expected;
                }

                if (expected == "audio/pcm" && input.GetProperty("format").GetProperty("rate").GetInt32() != 24000)
                {
                    return "pcm must be 24 kHz";
                }

                return output.TryGetProperty("voice", out _) ? null : "voice missing";
            }

            if (context.Request.Headers["OpenAI-Beta"] != "realtime=v1")
            {
                return "beta schema without the OpenAI-Beta header";
            }

            if (session.GetProperty("turn_detection").ValueKind != JsonValueKind.Null)
            {
                return "turn_detection must be null";
            }

            return session.GetProperty("input_audio_format").GetString() == codec && session.GetProperty("output_audio_format").GetString() == codec
                ? null
                : "format must be " + codec;
        }

        private async Task<bool> RefuseAsync(string problem)
        {
            await SendAsync(new { type = "error", error = new { type = "invalid_request_error", code = "protocol_violation", message = problem } });
            await socket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, "protocol", CancellationToken.None);
            return false;
        }

        private Task SendAsync(object message) => SendRawAsync(JsonSerializer.Serialize(message));

        private Task SendRawAsync(string text) =>
            socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, context.RequestAborted);
    }
}
