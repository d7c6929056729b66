using System.Text.Json;
using ClutchCall.Agents.Connectors.Webhook;
using ClutchCall.Agents.Sessions;

namespace ClutchCall.Agents.Tests.Connectors;

/// <summary>Webhook voice mode against a real local webhook server that verifies signatures.</summary>
public sealed class WebhookTextAgentTests : IAsyncLifetime
{
    private static readonly HttpClient Http = new();
    private FakeWebhookServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeWebhookServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private WebhookTextAgent Agent(string mode, TimeSpan? timeout = null, string secret = FakeWebhookServer.Secret, TimeProvider? time = null) =>
        new(new WebhookTextAgentOptions
        {
            Url = _server.Url(mode),
            Secret = secret,
            AgentId = "agt_42",
            Timeout = timeout ?? TimeSpan.FromSeconds(5),
        }, Http, time);

    [Fact]
    public async Task JsonReplyIsOneFinalChunkAndTheDeliveryCarriesTheTurn()
    {
        var (chunks, error) = await TextAgentHarness.CollectAsync(Agent("json"));

        Assert.Null(error);
        Assert.Equal([new ReplyChunk("Your appointment is at nine.", false)], chunks);
        Assert.True(_server.Deliveries.TryDequeue(out var delivery));
        JsonElement body = delivery.Body.RootElement;
        Assert.Equal("agent.message", body.GetProperty("event").GetString());
        Assert.Equal("voice", body.GetProperty("channel").GetString());
        Assert.Equal("CA123", body.GetProperty("callSid").GetString());
        Assert.Equal("org_1", body.GetProperty("orgId").GetString());
        Assert.Equal("agt_42", body.GetProperty("agentId").GetString());
        Assert.Equal("Can I book for Tuesday?", body.GetProperty("message").GetProperty("text").GetString());
        Assert.Equal(delivery.DeliveryId, body.GetProperty("id").GetString());
        Assert.StartsWith("evt_", delivery.DeliveryId);
        var history = body.GetProperty("recentHistory").EnumerateArray().Select(m => (m.GetProperty("role").GetString(), m.GetProperty("text").GetString())).ToList();
        Assert.Equal([("caller", "Hi"), ("agent", "Hello, how can I help?")], history);
    }

    [Fact]
    public async Task EachDeliveryHasItsOwnId()
    {
        await TextAgentHarness.CollectAsync(Agent("json"));
        await TextAgentHarness.CollectAsync(Agent("json"));

        Assert.Equal(2, _server.Deliveries.Select(d => d.DeliveryId).Distinct().Count());
    }

    [Fact]
    public async Task NdjsonStreamsInterimChunksUpToTheFinalOne()
    {
        var (chunks, error) = await TextAgentHarness.CollectAsync(Agent("ndjson"));

        Assert.Null(error);
        Assert.Equal(
            [new ReplyChunk("Let me check.", true), new ReplyChunk("You are booked.", true), new ReplyChunk("Anything else?", false)],
            chunks);
    }

    [Fact]
    public async Task TheFirstChunkIsHandedOnWhileTheServerIsStillWorking()
    {
        var chunks = new List<ReplyChunk>();
        await foreach (ReplyChunk chunk in Agent("ndjson-gated").ReplyAsync(TextAgentHarness.Turn, CancellationToken.None))
        {
            chunks.Add(chunk);
            _server.FirstChunkSeen.TrySetResult(); // the server holds the rest back until this point
        }

        Assert.Equal([new ReplyChunk("One moment.", true), new ReplyChunk("Done.", false)], chunks);
    }

    [Fact]
    public async Task AFinalChunkWithoutTrailingNewlineStillCounts()
    {
        var (chunks, error) = await TextAgentHarness.CollectAsync(Agent("final-no-newline"));

        Assert.Null(error);
        Assert.Equal([new ReplyChunk("Bye now.", false)], chunks);
    }

    [Fact]
    public async Task ASlowServerTimesOut()
    {
        var (chunks, error) = await TextAgentHarness.CollectAsync(Agent("slow", TimeSpan.FromMilliseconds(300)));

        Assert.Empty(chunks);
        Assert.Equal("timeout", error?.Code);
    }

    [Fact]
    public async Task AStreamThatGoesQuietTimesOutAfterWhatArrived()
    {
        var time = new GatedTimeProvider(); // the timeout can only fire once the first chunk is in
        var (chunks, error) = await TextAgentHarness.CollectAsync(Agent("ndjson-stall", time: time), onChunk: time.Release);

        Assert.Equal([new ReplyChunk("Thinking.", true)], chunks);
        Assert.Equal("timeout", error?.Code);
    }

    [Fact]
    public async Task TheCallersCancellationIsNotATimeout()
    {
        using var barge = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => TextAgentHarness.CollectAsync(Agent("slow"), barge.Token));
    }

    [Theory]
    [InlineData("fail", "http_500")]
    [InlineData("missing", "http_404")]
    [InlineData("garbage", "malformed")]
    [InlineData("html", "malformed")]
    [InlineData("empty", "empty")]
    [InlineData("empty-text", "empty")]
    [InlineData("ndjson-empty", "empty")]
    public async Task BadRepliesGiveStableCodes(string mode, string code)
    {
        var (chunks, error) = await TextAgentHarness.CollectAsync(Agent(mode));

        Assert.Empty(chunks);
        Assert.Equal(code, error?.Code);
    }

    [Fact]
    public async Task TheStatusErrorQuotesTheBody()
    {
        var (_, error) = await TextAgentHarness.CollectAsync(Agent("fail"));

        Assert.Contains("upstream exploded", error?.Message);
    }

    [Fact]
    public async Task AWrongSecretIsRefusedByTheServer()
    {
        var (_, error) = await TextAgentHarness.CollectAsync(Agent("json", secret: "whsec_other"));

        Assert.Equal("http_401", error?.Code);
        Assert.Empty(_server.Deliveries);
    }

    [Theory]
    [InlineData("garbage-line", "malformed")]
    [InlineData("truncated", "truncated")]
    [InlineData("truncated-line", "truncated")]
    [InlineData("aborted", "truncated")]
    public async Task ABrokenStreamEndsWithWhatArrivedAndAnError(string mode, string code)
    {
        var (chunks, error) = await TextAgentHarness.CollectAsync(Agent(mode), onChunk: () => _server.FirstChunkSeen.TrySetResult());

        Assert.Single(chunks);
        Assert.True(chunks[0].Interim);
        Assert.Equal(code, error?.Code);
    }

    [Fact]
    public async Task NobodyListeningIsAConnectionFailure()
    {
        var agent = new WebhookTextAgent(new WebhookTextAgentOptions { Url = TextAgentHarness.DeadUrl("hook"), Secret = "s" }, Http);

        var (_, error) = await TextAgentHarness.CollectAsync(agent);

        Assert.Equal("connection_failed", error?.Code);
    }

    [Fact]
    public void OptionsNameTheBadField()
    {
        var ok = new WebhookTextAgentOptions { Url = new Uri("https://example.test/hook"), Secret = "s" };

        Assert.Equal(TimeSpan.FromSeconds(10), ok.Timeout);
        Assert.Equal("Url", Assert.Throws<ArgumentException>(() => (ok with { Url = new Uri("ftp://x/") }).Validate()).ParamName);
        Assert.Equal("Secret", Assert.Throws<ArgumentException>(() => (ok with { Secret = "" }).Validate()).ParamName);
        Assert.Equal("Timeout", Assert.Throws<ArgumentException>(() => (ok with { Timeout = TimeSpan.Zero }).Validate()).ParamName);
    }
}
