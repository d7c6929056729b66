namespace ClutchCall.Gateway.Tests;

public sealed class InboundCallTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _client = fixture.Host.Client();

    private async Task<string> RingInAsync() =>
        (string)(await (await _client.PostAsync("/v1/orgs/org_dev/trunks/trunk_sim/incoming", new { from = "+15550001111", to = "+15552223333" })).JsonAsync())["sid"]!;

    [Fact]
    public async Task Front_desk_flow_answer_connect_whisper_close_leaves_caller_and_callee()
    {
        var sid = await RingInAsync();
        var pending = await (await _client.GetAsync($"{Api.Calls}/{sid}")).JsonAsync();
        Assert.Equal(("inbound", "pending", "ringing"), ((string?)pending["direction"], (string?)pending["inbound"]!["state"], (string?)pending["status"]));

        await _client.PostAsync($"{Api.Calls}/{sid}/answer");
        var connected = await (await _client.PostAsync($"{Api.Calls}/{sid}/connect", new { ringTimeSeconds = 20 })).JsonAsync();
        var whisper = await (await _client.PostAsync($"{Api.Calls}/{sid}/whisper")).JsonAsync();
        var closed = await (await _client.PostAsync($"{Api.Calls}/{sid}/close")).JsonAsync();

        Assert.Equal("barge", (string?)connected["inbound"]!["mode"]);
        Assert.Equal("whisper", (string?)whisper["inbound"]!["mode"]);
        Assert.Equal("connected", (string?)closed["inbound"]!["state"]);
        Assert.Equal(false, (bool?)closed["inbound"]!["agentInCall"]);
        Assert.Equal(true, (bool?)closed["inbound"]!["calleeInCall"]);
        Assert.Equal("in_progress", (string?)closed["status"]);

        var ended = await (await _client.PostAsync($"{Api.Calls}/{sid}/disconnect")).JsonAsync();
        Assert.Equal(("completed", "disconnected"), ((string?)ended["status"], (string?)ended["inbound"]!["state"]));
    }

    [Fact]
    public async Task Close_after_answer_alone_ends_the_call()
    {
        var sid = await RingInAsync();
        await _client.PostAsync($"{Api.Calls}/{sid}/answer");

        var closed = await (await _client.PostAsync($"{Api.Calls}/{sid}/close")).JsonAsync();

        Assert.Equal(("completed", "agent_closed"), ((string?)closed["status"], (string?)closed["endReason"]));
    }

    [Fact]
    public async Task Commands_out_of_order_are_409()
    {
        var sid = await RingInAsync();

        await (await _client.PostAsync($"{Api.Calls}/{sid}/whisper")).AssertProblemAsync(409);
        await (await _client.PostAsync($"{Api.Calls}/{sid}/close")).AssertProblemAsync(409);
        await _client.PostAsync($"{Api.Calls}/{sid}/connect");
        await (await _client.PostAsync($"{Api.Calls}/{sid}/barge")).AssertProblemAsync(409); // agent never answered
        await (await _client.PostAsync($"{Api.Calls}/{sid}/answer")).AssertProblemAsync(409);

        var outbound = (string)(await _client.OriginateAsync())["sid"]!;
        await (await _client.PostAsync($"{Api.Calls}/{outbound}/answer")).AssertProblemAsync(409);
    }

    [Fact]
    public async Task Ring_in_on_an_unknown_trunk_is_422()
    {
        await (await _client.PostAsync("/v1/orgs/org_dev/trunks/trunk_x/incoming", new { from = "+15550001111", to = "+15552223333" })).AssertProblemAsync(422, "trunkId");
        await (await _client.PostAsync("/v1/orgs/org_dev/trunks/trunk_sim/incoming", new { from = "nope", to = "+15552223333" })).AssertProblemAsync(422, "from");
    }
}
