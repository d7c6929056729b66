using System.Net;
using System.Net.Http.Json;
using ClutchCall.Testing;

namespace ClutchCall.Gateway.Tests;

public sealed class AuthTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private readonly VoiceTestHost _host = fixture.Host;

    [Fact]
    public async Task No_or_unknown_key_is_401_with_a_bearer_challenge()
    {
        var none = await _host.Client(apiKey: null).GetAsync(Api.Calls);
        var unknown = await _host.Client("cc_not_a_key").GetAsync(Api.Calls);

        await none.AssertProblemAsync(401);
        await unknown.AssertProblemAsync(401);
        Assert.Equal("Bearer", none.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Another_orgs_sid_is_404_never_its_data()
    {
        var sid = (string)(await _host.Client().OriginateAsync())["sid"]!;
        var other = _host.Client(VoiceTestHost.OtherOrgKey);

        var viaOwnOrg = await other.GetAsync($"/v1/orgs/{VoiceTestHost.OtherOrg}/calls/{sid}");
        var viaVictimOrg = await other.GetAsync($"{Api.Calls}/{sid}");
        var hangup = await other.PostAsync($"/v1/orgs/{VoiceTestHost.OtherOrg}/calls/{sid}/hangup", null);
        var events = await other.GetAsync($"/v1/orgs/{VoiceTestHost.OtherOrg}/calls/{sid}/events");

        await viaOwnOrg.AssertProblemAsync(404);
        await viaVictimOrg.AssertProblemAsync(404);
        await hangup.AssertProblemAsync(404);
        await events.AssertProblemAsync(404);
        Assert.DoesNotContain("+15551234567", await viaOwnOrg.Content.ReadAsStringAsync());
        Assert.DoesNotContain("startedAt", await viaOwnOrg.Content.ReadAsStringAsync());
        var list = await (await other.GetAsync($"/v1/orgs/{VoiceTestHost.OtherOrg}/calls?limit=100")).JsonAsync();
        Assert.DoesNotContain(sid, list.ToJsonString());
    }

    [Fact]
    public async Task Scopes_gate_the_routes()
    {
        var sid = (string)(await _host.Client().OriginateAsync())["sid"]!;
        var callsOnly = _host.Client(VoiceTestHost.CallsOnlyKey);
        var noScope = _host.Client(VoiceTestHost.NoScopeKey);

        Assert.Equal(HttpStatusCode.OK, (await callsOnly.GetAsync($"{Api.Calls}/{sid}")).StatusCode);
        await (await callsOnly.PostAsJsonAsync($"{Api.Calls}/{sid}/agent", new { agentId = "echo" })).AssertProblemAsync(403);
        await (await callsOnly.PostAsJsonAsync("/v1/orgs/org_dev/trunks/trunk_sim/incoming", new { from = "+15550001111", to = "+15552223333" })).AssertProblemAsync(403);
        await (await noScope.GetAsync($"{Api.Calls}/{sid}")).AssertProblemAsync(403);
    }

    [Fact]
    public async Task Browser_tokens_reach_only_their_own_call()
    {
        var client = _host.Client();
        var sid = (string)(await client.OriginateAsync())["sid"]!;
        var otherSid = (string)(await client.OriginateAsync())["sid"]!;
        var minted = await (await client.PostAsJsonAsync($"{Api.Calls}/{sid}/token", new { ttlSec = 60 })).JsonAsync();
        var token = (string)minted["token"]!;
        var browser = _host.Client(token);

        Assert.StartsWith("cct_", token);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"{Api.Calls}/{sid}")).StatusCode);
        await (await browser.GetAsync($"{Api.Calls}/{otherSid}")).AssertProblemAsync(403);
        await (await browser.GetAsync(Api.Calls)).AssertProblemAsync(403);
        await (await browser.PostAsJsonAsync(Api.Calls, new { to = "+15551234567", from = "+15558675309", trunkId = "trunk_sim" })).AssertProblemAsync(403);
        await (await browser.PostAsync($"{Api.Calls}/{sid}/token", null)).AssertProblemAsync(403);
        await (await _host.Client(token[..^2] + (token[^2] == 'A' ? "BB" : "AA")).GetAsync($"{Api.Calls}/{sid}")).AssertProblemAsync(401);

        using var sse = await _host.Client(apiKey: null).GetAsync($"{Api.Calls}/{sid}/events?access_token={token}", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", sse.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Browser_tokens_cannot_carry_admin_scopes()
    {
        var client = _host.Client();
        var sid = (string)(await client.OriginateAsync())["sid"]!;

        await (await client.PostAsJsonAsync($"{Api.Calls}/{sid}/token", new { scopes = new[] { "voice:admin" } })).AssertProblemAsync(422, "scopes");
    }
}
