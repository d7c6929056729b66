using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClutchCall.Agents.Connectors.Webhook;
using ClutchCall.Grains.Interfaces;
using ClutchCall.Runtime;
using ClutchCall.TestKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ClutchCall.Grains.Tests.Agents;

/// <summary>
/// The text voice modes end to end. The simulated callee's espeak-ng sentence is recognised by pocketsphinx and sent
/// to a real local HTTP server: as a signed agent.message (webhook mode, NDJSON reply), or as a streamed chat
/// completion (hosted mode, SSE reply). The reply is spoken and lands in the call's transcript.
/// </summary>
public sealed class TextVoiceModeTests : IAsyncLifetime
{
    private const string Org = "org_webhook";
    private const string Secret = "whsec_test_secret";
    private readonly ConcurrentQueue<(JsonObject Body, WebhookSignatureResult Signature)> _deliveries = new();
    private readonly ConcurrentQueue<(JsonObject Body, string? Authorization)> _completions = new();
    private WebApplication _webhook = null!;
    private IHost _engine = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _webhook = builder.Build();
        _webhook.MapPost("/voice", async (HttpContext http) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer);
            var raw = buffer.ToArray();
            var signature = WebhookSignature.Verify(http.Request.Headers[WebhookSignature.HeaderName], raw, Secret, DateTimeOffset.UtcNow);
            _deliveries.Enqueue((JsonNode.Parse(raw)!.AsObject(), signature));
            http.Response.ContentType = "application/x-ndjson";
            await http.Response.WriteAsync("{\"text\":\"Let me check the calendar.\",\"interim\":true}\n");
            await http.Response.Body.FlushAsync();
            await Task.Delay(200);
            await http.Response.WriteAsync("{\"text\":\"Monday at nine works.\"}\n");
        });
        _webhook.MapPost("/v1/chat/completions", async (HttpContext http) =>
        {
            var body = (await JsonNode.ParseAsync(http.Request.Body))!.AsObject();
            _completions.Enqueue((body, http.Request.Headers.Authorization));
            http.Response.ContentType = "text/event-stream";
            foreach (var token in new[] { "Happy to ", "help. ", "Which day ", "suits you?" })
            {
                var chunk = new JsonObject { ["choices"] = new JsonArray(new JsonObject { ["delta"] = new JsonObject { ["content"] = token } }) };
                await http.Response.WriteAsync($"data: {chunk.ToJsonString()}\n\n");
                await http.Response.Body.FlushAsync();
            }
            await http.Response.WriteAsync("data: [DONE]\n\n");
        });
        await _webhook.StartAsync();
        _engine = await TestHosts.StartAsync(new Dictionary<string, string?>
        {
            ["Voice:SimulatedTrunk:Phrase"] = "I would like to book an appointment for Monday morning.",
            ["Voice:SimulatedTrunk:PauseMs"] = "4000",
        }, s => s.AddCallGrains());
    }

    public async Task DisposeAsync()
    {
        await _engine.StopAsync();
        _engine.Dispose();
        await _webhook.DisposeAsync();
    }

    [Fact]
    public async Task The_caller_turn_is_posted_signed_and_the_streamed_reply_is_spoken()
    {
        var grains = _engine.Services.GetRequiredService<IGrainFactory>();
        var url = _webhook.Urls.First() + "/voice";
        var sid = CallSid.New();
        var spec = new AgentSpec("my-bot", VoiceMode: "webhook", Url: url, WebhookSecret: Secret);
        Assert.True((await grains.GetGrain<ICallGrain>(sid).OriginateAsync(new OriginateCall(Org, "+15551234567", "+15558675309", "trunk_sim", null, spec, 30))).IsOk);

        var deadline = DateTime.UtcNow.AddSeconds(40);
        CallView view;
        do
        {
            await Task.Delay(200);
            view = (await grains.GetGrain<ICallGrain>(sid).GetAsync(new GetCall(Org))).Call!;
        }
        while (!(view.Transcript ?? []).Any(t => t.Text.Contains("Monday at nine")) && DateTime.UtcNow < deadline);

        var (body, signature) = _deliveries.First();
        Assert.Equal(WebhookSignatureResult.Valid, signature);
        Assert.Equal("agent.message", (string?)body["event"]);
        Assert.Equal("voice", (string?)body["channel"]);
        Assert.Equal(sid, (string?)body["callSid"]);
        // What was heard is whatever the open-vocabulary recogniser made of robotic espeak-ng speech on an 8 kHz leg
        // (often not the words): the contract is that the caller's transcript is what the webhook received.
        var heard = (string?)body["message"]?["text"] ?? "";
        Assert.False(string.IsNullOrWhiteSpace(heard));
        var lines = (view.Transcript ?? []).Select(t => $"{t.Role}: {t.Text}").ToList();
        Assert.Equal("caller: " + heard, lines[0]);
        Assert.Contains("agent: Let me check the calendar.", lines);
        Assert.Contains("agent: Monday at nine works.", lines);
    }

    [Fact]
    public async Task Hosted_mode_sends_the_system_prompt_and_history_and_speaks_the_streamed_completion()
    {
        var grains = _engine.Services.GetRequiredService<IGrainFactory>();
        var sid = CallSid.New();
        var spec = new AgentSpec("local-llm", VoiceMode: "hosted", Url: _webhook.Urls.First() + "/v1", ApiKey: "sk-hosted", Instructions: "You book appointments.");
        Assert.True((await grains.GetGrain<ICallGrain>(sid).OriginateAsync(new OriginateCall(Org, "+15551234567", "+15558675309", "trunk_sim", null, spec, 30))).IsOk);

        var deadline = DateTime.UtcNow.AddSeconds(40);
        CallView view;
        do
        {
            await Task.Delay(200);
            view = (await grains.GetGrain<ICallGrain>(sid).GetAsync(new GetCall(Org))).Call!;
        }
        while (!(view.Transcript ?? []).Any(t => t.Text.Contains("suits you")) && DateTime.UtcNow < deadline);

        var (body, authorization) = _completions.First();
        Assert.Equal("Bearer sk-hosted", authorization);
        Assert.Equal("local-llm", (string?)body["model"]);
        Assert.True((bool?)body["stream"]);
        var messages = body["messages"]!.AsArray();
        Assert.Equal(("system", "You book appointments."), ((string?)messages[0]!["role"], (string?)messages[0]!["content"]));
        Assert.Equal("user", (string?)messages[^1]!["role"]);
        var agentSaid = string.Join(" ", (view.Transcript ?? []).Where(t => t.Role == "agent").Select(t => t.Text));
        Assert.Contains("Happy to help.", agentSaid);
        Assert.Contains("Which day suits you?", agentSaid);
    }
}
