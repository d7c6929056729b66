using System.Net.Http.Headers;
using System.Net.Http.Json;
using ClutchCall.Gateway.Auth;
using ClutchCall.Testing;
using ClutchCall.Testing.Bridge;
using Microsoft.Extensions.DependencyInjection;

namespace ClutchCall.Gateway.Tests.Media;

public sealed class BridgeTokenTests(BridgeHost bridge) : IClassFixture<BridgeHost>
{
    private static string Path(string sid, string org = VoiceTestHost.DevOrg) => $"/v1/orgs/{org}/calls/{sid}/bridge-token";

    [Fact]
    public async Task Issues_a_token_limited_to_the_sid_with_the_role()
    {
        var sid = await bridge.NewCallAsync();
        using var client = bridge.Host.Client();
        var response = await client.PostAsJsonAsync(Path(sid), new { role = "attachCaller", ttlSec = 30 });
        var body = await response.JsonAsync();

        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(sid, (string?)body["sid"]);
        Assert.Equal("attachCaller", (string?)body["role"]);
        Assert.Equal("/moq", (string?)body["path"]);
        var caller = bridge.Host.Services.GetRequiredService<BrowserTokens>().Validate((string)body["token"]!);
        Assert.NotNull(caller);
        Assert.Equal(sid, caller.OnlySid);
        Assert.Equal("attachCaller", caller.BridgeRole);
        Assert.Equal([VoiceScopes.Bridge], caller.Scopes);
        var expiresAt = (DateTimeOffset)body["expiresAt"]!;
        Assert.InRange(expiresAt - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(31));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("caller")]
    [InlineData("ATTACH")]
    public async Task An_unknown_role_is_422(string? role)
    {
        var sid = await bridge.NewCallAsync();
        using var client = bridge.Host.Client();
        var response = await client.PostAsJsonAsync(Path(sid), new { role });
        await response.AssertProblemAsync(422, "role");
    }

    [Fact]
    public async Task Needs_the_bridge_scope()
    {
        var sid = await bridge.NewCallAsync();
        using var client = bridge.Host.Client(VoiceTestHost.CallsOnlyKey);
        var response = await client.PostAsJsonAsync(Path(sid), new { role = "attach" });
        await response.AssertProblemAsync(403);
    }

    [Fact]
    public async Task Another_orgs_call_or_an_unknown_sid_is_404()
    {
        var theirs = await bridge.NewCallAsync(org: VoiceTestHost.OtherOrg);
        using var client = bridge.Host.Client();
        await (await client.PostAsJsonAsync(Path(theirs), new { role = "attach" })).AssertProblemAsync(404);
        await (await client.PostAsJsonAsync(Path(Grains.Interfaces.CallSid.New()), new { role = "attach" })).AssertProblemAsync(404);
    }

    [Fact]
    public async Task A_token_cannot_mint_a_bridge_token()
    {
        var sid = await bridge.NewCallAsync();
        var token = await bridge.BridgeTokenAsync(sid, "attach");
        using var client = bridge.Host.Client(apiKey: null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await client.PostAsJsonAsync(Path(sid), new { role = "attach" });
        await response.AssertProblemAsync(403);
    }
}
