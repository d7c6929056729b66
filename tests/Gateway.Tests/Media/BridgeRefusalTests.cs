using ClutchCall.Gateway.Auth;
using ClutchCall.Moqt.Coding;
using ClutchCall.Testing;
using ClutchCall.Testing.Bridge;
using Microsoft.Extensions.DependencyInjection;

namespace ClutchCall.Gateway.Tests.Media;

/// <summary>The MoQT edge refuses every session without a bridge token for exactly this sid and role, with UNAUTHORIZED.</summary>
public sealed class BridgeRefusalTests(BridgeHost bridge) : IClassFixture<BridgeHost>
{
    private const ulong Unauthorized = (ulong)MoqtErrorCode.Unauthorized;

    [Fact]
    public async Task Missing_token_is_unauthorized()
    {
        var sid = await bridge.NewCallAsync();
        var closed = await MoqtBridgeClient.ClosedAsync(bridge.MoqUri($"sid={sid}"), token: null);
        Assert.True(closed.ErrorCode == Unauthorized, closed.ToString());
        Assert.Contains("no bridge token", closed.Reason);
    }

    [Fact]
    public async Task Forged_token_is_unauthorized()
    {
        var sid = await bridge.NewCallAsync();
        var token = await bridge.BridgeTokenAsync(sid, "attach");
        var forged = token[..^3] + (token[^3] == 'A' ? "B" : "A") + token[^2..];
        var closed = await MoqtBridgeClient.ClosedAsync(bridge.MoqUri(), forged);
        Assert.True(closed.ErrorCode == Unauthorized, closed.ToString());
    }

    [Fact]
    public async Task Expired_token_is_unauthorized_in_setup_and_in_the_query()
    {
        var sid = await bridge.NewCallAsync();
        var tokens = bridge.Host.Services.GetRequiredService<BrowserTokens>();
        var expired = tokens.Issue(VoiceTestHost.DevOrg, sid, [VoiceScopes.Bridge], DateTimeOffset.UtcNow.AddSeconds(-1), "attach");

        var inSetup = await MoqtBridgeClient.ClosedAsync(bridge.MoqUri(), expired);
        var inQuery = await MoqtBridgeClient.ClosedAsync(bridge.MoqUri("jwt=" + Uri.EscapeDataString(expired)), token: null);

        Assert.True(inSetup.ErrorCode == Unauthorized, inSetup.ToString());
        Assert.True(inQuery.ErrorCode == Unauthorized, inQuery.ToString());
        Assert.Contains("expired", inQuery.Reason);
    }

    [Fact]
    public async Task Token_for_another_sid_is_unauthorized()
    {
        var sid = await bridge.NewCallAsync();
        var other = await bridge.NewCallAsync();
        var token = await bridge.BridgeTokenAsync(other, "attach");
        var closed = await MoqtBridgeClient.ClosedAsync(bridge.MoqUri($"sid={sid}"), token);
        Assert.True(closed.ErrorCode == Unauthorized, closed.ToString());
        Assert.Contains("another call", closed.Reason);
    }

    [Fact]
    public async Task Token_for_another_role_is_unauthorized()
    {
        var sid = await bridge.NewCallAsync();
        var token = await bridge.BridgeTokenAsync(sid, "attachCaller");
        var closed = await MoqtBridgeClient.ClosedAsync(bridge.MoqUri($"sid={sid}&role=attach"), token);
        Assert.True(closed.ErrorCode == Unauthorized, closed.ToString());
        Assert.Contains("attachCaller", closed.Reason);
    }

    [Fact]
    public async Task Browser_token_without_a_role_is_unauthorized()
    {
        var sid = await bridge.NewCallAsync();
        var tokens = bridge.Host.Services.GetRequiredService<BrowserTokens>();
        var browser = tokens.Issue(VoiceTestHost.DevOrg, sid, [VoiceScopes.Calls, VoiceScopes.Bridge], DateTimeOffset.UtcNow.AddMinutes(1));
        var closed = await MoqtBridgeClient.ClosedAsync(bridge.MoqUri(), browser);
        Assert.True(closed.ErrorCode == Unauthorized, closed.ToString());
    }

    [Fact]
    public async Task Api_key_is_not_a_bridge_token()
    {
        var closed = await MoqtBridgeClient.ClosedAsync(bridge.MoqUri(), VoiceTestHost.DevKey);
        Assert.True(closed.ErrorCode == Unauthorized, closed.ToString());
    }

    [Fact]
    public async Task A_call_not_yet_answered_refuses_the_bridge_with_the_grains_reason()
    {
        var sid = await bridge.NewCallAsync(answered: false);
        var token = await bridge.BridgeTokenAsync(sid, "attach");
        var closed = await MoqtBridgeClient.ClosedAsync(bridge.MoqUri(), token);
        Assert.True(closed.ErrorCode == (ulong)MoqtErrorCode.InternalError, closed.ToString());
        Assert.Contains("bridge refused", closed.Reason);
        Assert.Contains("call not answered", closed.Reason);
    }

    [Fact]
    public async Task A_bad_format_closes_with_invalid_path()
    {
        var sid = await bridge.NewCallAsync();
        var token = await bridge.BridgeTokenAsync(sid, "attach");
        var closed = await MoqtBridgeClient.ClosedAsync(bridge.MoqUri("codec=g711_ulaw&sampleRate=48000"), token);
        Assert.True(closed.ErrorCode == (ulong)MoqtErrorCode.InvalidPath, closed.ToString());
        Assert.Contains("8000", closed.Reason);
    }
}
