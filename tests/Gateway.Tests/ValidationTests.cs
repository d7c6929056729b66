using System.Net.Http.Json;
using System.Text;

namespace ClutchCall.Gateway.Tests;

public sealed class ValidationTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _client = fixture.Host.Client();

    public static TheoryData<object, string> BadOriginates => new()
    {
        { new { to = "5551234567", from = "+15558675309", trunkId = "trunk_sim" }, "to" },
        { new { to = "+15551234567", from = "+0123", trunkId = "trunk_sim" }, "from" },
        { new { to = "+15551234567", from = "+15558675309" }, "trunkId" },
        { new { to = "+15551234567", from = "+15558675309", trunkId = "trunk_nowhere" }, "trunkId" },
        { new { to = "+15551234567", from = "+15558675309", trunkId = "trunk_sim", agent = "no-such-agent" }, "agent" },
        { new { to = "+15551234567", from = "+15558675309", trunkId = "trunk_sim", agent = new { codec = "pcm16" } }, "agent.model" },
        { new { to = "+15551234567", from = "+15558675309", trunkId = "trunk_sim", agent = 42 }, "agent" },
    };

    [Theory]
    [MemberData(nameof(BadOriginates))]
    public async Task Invalid_originates_are_422_naming_the_field(object body, string field)
    {
        await (await _client.PostAsJsonAsync(Api.Calls, body)).AssertProblemAsync(422, field);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("{\"to\": 5}")]
    [InlineData("")]
    public async Task Malformed_bodies_are_400(string json)
    {
        var response = await _client.PostAsync(Api.Calls, new StringContent(json, Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(400);
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=101", "limit")]
    [InlineData("?limit=x", "limit")]
    [InlineData("?status=busy", "status")]
    [InlineData("?cursor=nope", "cursor")]
    public async Task Bad_list_queries_are_400_naming_the_parameter(string query, string field)
    {
        await (await _client.GetAsync(Api.Calls + query)).AssertProblemAsync(400, field);
    }

    [Theory]
    [InlineData("CA123")]
    [InlineData("CA0000000000000000000000000000000z")]
    [InlineData("CAffffffffffffffffffffffffffffffff")]
    public async Task Unknown_or_malformed_sids_are_404(string sid)
    {
        await (await _client.GetAsync($"{Api.Calls}/{sid}")).AssertProblemAsync(404);
        await (await _client.PostAsync($"{Api.Calls}/{sid}/hangup", null)).AssertProblemAsync(404);
    }

    [Fact]
    public async Task Hangup_reason_is_a_short_slug()
    {
        var sid = (string)(await _client.OriginateAsync())["sid"]!;

        await (await _client.PostAsync($"{Api.Calls}/{sid}/hangup", new { reason = "Bad Reason!" })).AssertProblemAsync(422, "reason");
        var ended = await (await _client.PostAsync($"{Api.Calls}/{sid}/hangup", new { reason = "caller_done" })).JsonAsync();
        Assert.Equal("caller_done", (string?)ended["endReason"]);
    }

    [Fact]
    public async Task Bad_last_event_id_is_400()
    {
        var sid = (string)(await _client.OriginateAsync())["sid"]!;
        var request = new HttpRequestMessage(HttpMethod.Get, $"{Api.Calls}/{sid}/events") { Headers = { { "Last-Event-ID", "yesterday" } } };

        await (await _client.SendAsync(request)).AssertProblemAsync(400, "Last-Event-ID");
    }
}
