using System.Net;
using System.Net.Http.Json;

namespace ClutchCall.Gateway.Tests;

public sealed class OutboundCallTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _client = fixture.Host.Client();

    [Fact]
    public async Task Originate_poll_to_in_progress_hang_up_completed()
    {
        var created = await _client.OriginateAsync();
        var sid = (string)created["sid"]!;

        Assert.Equal("dialing", (string?)created["status"]);
        Assert.Equal("trunk_sim", (string?)created["trunkId"]);
        Assert.Equal(30, (int?)created["ringTimeoutSec"]);
        Assert.NotNull(created["startedAt"]);
        var live = await _client.WaitForStatusAsync(sid, "in_progress");
        Assert.NotNull(live["answeredAt"]);

        var hung = await (await _client.PostAsync($"{Api.Calls}/{sid}/hangup")).JsonAsync();
        Assert.Equal("completed", (string?)hung["status"]);
        Assert.Equal("hangup", (string?)hung["endReason"]);
        var again = await _client.PostAsync($"{Api.Calls}/{sid}/hangup");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(hung["endedAt"]?.ToString(), (await again.JsonAsync())["endedAt"]?.ToString());
    }

    [Fact]
    public async Task Originate_answers_201_with_a_location()
    {
        var response = await _client.PostAsJsonAsync(Api.Calls, new { to = "+15551234567", from = "+15558675309", trunkId = "trunk_sim" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Contains("\"to\":\"+15551234567\"", await response.Content.ReadAsStringAsync());
        var sid = (string)(await response.JsonAsync())["sid"]!;
        Assert.Equal($"{Api.Calls}/{sid}", response.Headers.Location?.ToString());
    }

    [Theory]
    [InlineData("+15551234486", "failed", "busy")]
    [InlineData("+15551234503", "failed", "trunk_error")]
    [InlineData("+15551234902", "completed", "remote_hangup")]
    public async Task Simulated_numbers_end_as_their_digits_say(string to, string status, string reason)
    {
        var sid = (string)(await _client.OriginateAsync(to))["sid"]!;

        var ended = await _client.WaitForStatusAsync(sid, status);

        Assert.Equal(reason, (string?)ended["endReason"]);
    }

    [Fact]
    public async Task An_unanswered_call_ends_as_no_answer_after_the_ring_timeout()
    {
        var sid = (string)(await _client.OriginateAsync("+15551234408", new { ringTimeoutSec = 1 }))["sid"]!;

        var ended = await _client.WaitForStatusAsync(sid, "no_answer");

        Assert.Equal(5, (int?)ended["ringTimeoutSec"]);
        Assert.Equal("ring_timeout", (string?)ended["endReason"]);
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(45, 45)]
    [InlineData(500, 120)]
    public async Task Ring_timeout_is_clamped(int requested, int expected)
    {
        var call = await _client.OriginateAsync(extra: new { ringTimeoutSec = requested });

        Assert.Equal(expected, (int?)call["ringTimeoutSec"]);
    }

    [Fact]
    public async Task Transfer_of_a_ringing_call_is_409_and_of_a_live_call_keeps_the_sid()
    {
        var ringing = (string)(await _client.OriginateAsync("+15551234408"))["sid"]!;
        await _client.WaitForStatusAsync(ringing, "ringing");
        await (await _client.PostAsync($"{Api.Calls}/{ringing}/transfer", new { to = "+15557654321" })).AssertProblemAsync(409);

        var live = (string)(await _client.OriginateAsync(extra: new { agent = "triage-bot" }))["sid"]!;
        await _client.WaitForStatusAsync(live, "in_progress");
        var toAgent = await (await _client.PostAsync($"{Api.Calls}/{live}/transfer", new { agent = "human-queue" })).JsonAsync();
        var toPhone = await (await _client.PostAsync($"{Api.Calls}/{live}/transfer", "+15557654321")).JsonAsync();

        Assert.Equal("human-queue", (string?)toAgent["agent"]);
        Assert.Equal(live, (string?)toPhone["sid"]);
        Assert.Null(toPhone["agent"]);
        Assert.Equal("+15557654321", (string?)toPhone["transfers"]![1]!["to"]);
    }

    [Fact]
    public async Task Transfer_needs_exactly_one_target()
    {
        var sid = (string)(await _client.OriginateAsync())["sid"]!;
        await _client.WaitForStatusAsync(sid, "in_progress");

        await (await _client.PostAsync($"{Api.Calls}/{sid}/transfer", new { to = "+15557654321", agent = "billing-bot" })).AssertProblemAsync(422, "to");
        await (await _client.PostAsync($"{Api.Calls}/{sid}/transfer", new { })).AssertProblemAsync(422, "to");
        await (await _client.PostAsync($"{Api.Calls}/{sid}/transfer", new { to = "555" })).AssertProblemAsync(422, "to");
        await (await _client.PostAsync($"{Api.Calls}/{sid}/transfer", new { agent = "nobody-bot" })).AssertProblemAsync(422, "agent");
    }

    [Fact]
    public async Task Agents_attach_by_id_or_inline_spec_and_detach()
    {
        var sid = (string)(await _client.OriginateAsync())["sid"]!;
        await _client.WaitForStatusAsync(sid, "in_progress");

        var byId = await (await _client.PostAsync($"{Api.Calls}/{sid}/agent", new { agentId = "billing-bot" })).JsonAsync();
        var bySpec = await (await _client.PostAsync($"{Api.Calls}/{sid}/agent",
            new { spec = new { model = "s2s-mini", url = "ws://127.0.0.1:9/v1/realtime", codec = "pcm16", sampleRate = 16000, turnDetection = new { silenceMs = 250 } } })).JsonAsync();
        var detached = await (await _client.DeleteAsync($"{Api.Calls}/{sid}/agent")).JsonAsync();

        Assert.Equal("billing-bot", (string?)byId["agent"]);
        Assert.Equal("inline:s2s-mini", (string?)bySpec["agent"]);
        Assert.Equal(250, (int?)bySpec["agentSpec"]!["turnDetection"]!["silenceMs"]);
        Assert.Null(detached["agent"]);
        await (await _client.PostAsync($"{Api.Calls}/{sid}/agent", new { agentId = "ghost" })).AssertProblemAsync(422, "agentId");
        await (await _client.PostAsync($"{Api.Calls}/{sid}/agent", new { spec = new { model = "m", codec = "mp3" } })).AssertProblemAsync(422, "spec.codec");
    }

    [Fact]
    public async Task Idempotency_key_returns_the_same_call_and_refuses_a_different_body()
    {
        var key = Guid.NewGuid().ToString();
        HttpRequestMessage Request(string to) => new(HttpMethod.Post, Api.Calls)
        {
            Content = JsonContent.Create(new { to, from = "+15558675309", trunkId = "trunk_sim" }),
            Headers = { { "Idempotency-Key", key } },
        };

        var first = await (await _client.SendAsync(Request("+15551234567"))).JsonAsync();
        var retry = await (await _client.SendAsync(Request("+15551234567"))).JsonAsync();
        var other = await _client.SendAsync(Request("+15550000000"));

        Assert.Equal((string?)first["sid"], (string?)retry["sid"]);
        Assert.Equal(first["startedAt"]?.ToString(), retry["startedAt"]?.ToString());
        await other.AssertProblemAsync(409, "Idempotency-Key");
    }
}
