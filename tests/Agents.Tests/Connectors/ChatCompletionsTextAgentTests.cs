using System.Text.Json;
using ClutchCall.Agents.Connectors.Chat;
using ClutchCall.Agents.Sessions;

namespace ClutchCall.Agents.Tests.Connectors;

/// <summary>Hosted voice mode against a real local OpenAI-compatible chat server streaming SSE.</summary>
public sealed class ChatCompletionsTextAgentTests : IAsyncLifetime
{
    private static readonly HttpClient Http = new();
    private FakeChatServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeChatServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private ChatCompletionsTextAgent Agent(string model, TimeSpan? timeout = null, string apiKey = FakeChatServer.ApiKey, TimeProvider? time = null) =>
        new(new ChatCompletionsOptions
        {
            BaseUrl = _server.BaseUrl,
            ApiKey = apiKey,
            Model = model,
            SystemPrompt = "You book appointments.",
            Timeout = timeout ?? TimeSpan.FromSeconds(5),
            MaxTokens = 200,
        }, Http, time);

    [Fact]
    public async Task TokensAreCutIntoSentencesAndTheRestIsFinal()
    {
        var (chunks, error) = await TextAgentHarness.CollectAsync(Agent("stream"));

        Assert.Null(error);
        Assert.Equal(
            [new ReplyChunk("Hello there!", true), new ReplyChunk("How can I help you today?", true), new ReplyChunk("I'm at Dr. Smith's office.", false)],
            chunks);
    }

    [Fact]
    public async Task TheRequestCarriesPromptHistoryAndTurn()
    {
        await TextAgentHarness.CollectAsync(Agent("stream"));

        Assert.True(_server.Requests.TryDequeue(out JsonDocument? request));
        JsonElement root = request.RootElement;
        Assert.Equal(200, root.GetProperty("max_tokens").GetInt32());
        var messages = root.GetProperty("messages").EnumerateArray().Select(m => (m.GetProperty("role").GetString(), m.GetProperty("content").GetString())).ToList();
        Assert.Equal(
            [("system", "You book appointments."), ("user", "Hi"), ("assistant", "Hello, how can I help?"), ("user", "Can I book for Tuesday?")],
            messages);
    }

    [Fact]
    public async Task TheFirstSentenceIsHandedOnWhileTheModelIsStillWriting()
    {
        var (chunks, error) = await TextAgentHarness.CollectAsync(Agent("gated"), onChunk: () => _server.FirstChunkSeen.TrySetResult());

        Assert.Null(error);
        Assert.Equal([new ReplyChunk("One moment.", true), new ReplyChunk("Done", false)], chunks);
    }

    [Fact]
    public async Task AServerThatIgnoresStreamingIsStillUnderstood()
    {
        var (chunks, error) = await TextAgentHarness.CollectAsync(Agent("whole"));

        Assert.Null(error);
        Assert.Equal([new ReplyChunk("All at once.", false)], chunks);
    }

    [Theory]
    [InlineData("fail", "http_503")]
    [InlineData("missing", "http_404")]
    [InlineData("upstream-error", "upstream_error")]
    [InlineData("empty", "empty")]
    public async Task BadRepliesGiveStableCodes(string model, string code)
    {
        var (chunks, error) = await TextAgentHarness.CollectAsync(Agent(model));

        Assert.Empty(chunks);
        Assert.Equal(code, error?.Code);
    }

    [Fact]
    public async Task AWrongKeyIsAnHttpError()
    {
        var (_, error) = await TextAgentHarness.CollectAsync(Agent("stream", apiKey: "sk-wrong"));

        Assert.Equal("http_401", error?.Code);
    }

    [Fact]
    public async Task ASlowServerTimesOut()
    {
        var (chunks, error) = await TextAgentHarness.CollectAsync(Agent("slow", TimeSpan.FromMilliseconds(300)));

        Assert.Empty(chunks);
        Assert.Equal("timeout", error?.Code);
    }

    [Fact]
    public async Task AStallSpeaksTheFinishedSentenceThenTimesOut()
    {
        var time = new GatedTimeProvider(); // the timeout can only fire once the first sentence is in
        var (chunks, error) = await TextAgentHarness.CollectAsync(Agent("stall", time: time), onChunk: time.Release);

        Assert.Equal([new ReplyChunk("First sentence.", true)], chunks);
        Assert.Equal("timeout", error?.Code);
    }

    [Fact]
    public async Task GarbageMidStreamIsMalformedAfterWhatArrived()
    {
        var (chunks, error) = await TextAgentHarness.CollectAsync(Agent("garbage"));

        Assert.Equal([new ReplyChunk("Fine.", true)], chunks);
        Assert.Equal("malformed", error?.Code);
    }

    [Fact]
    public async Task AStreamWithoutDoneSaysWhatArrivedThenReportsTheCut()
    {
        var (chunks, error) = await TextAgentHarness.CollectAsync(Agent("truncated"));

        Assert.Equal([new ReplyChunk("Sure thing.", true), new ReplyChunk("And then", true)], chunks);
        Assert.Equal("truncated", error?.Code);
    }

    [Fact]
    public async Task NobodyListeningIsAConnectionFailure()
    {
        var agent = new ChatCompletionsTextAgent(new ChatCompletionsOptions { BaseUrl = TextAgentHarness.DeadUrl("v1"), Model = "m" }, Http);

        var (_, error) = await TextAgentHarness.CollectAsync(agent);

        Assert.Equal("connection_failed", error?.Code);
    }

    [Fact]
    public void TheEndpointIsUnderTheBaseUrl()
    {
        var options = new ChatCompletionsOptions { BaseUrl = new Uri("http://127.0.0.1:8080/v1/"), Model = "m" };

        Assert.Equal(new Uri("http://127.0.0.1:8080/v1/chat/completions"), options.CompletionsUrl);
        Assert.Equal("Model", Assert.Throws<ArgumentException>(() => (options with { Model = " " }).Validate()).ParamName);
    }
}
