using ClutchCall.Gateway.Auth;
using ClutchCall.Gateway.Calls;
using ClutchCall.Gateway.Problems;
using ClutchCall.Gateway.Validation;
using ClutchCall.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace ClutchCall.Gateway.Media;

/// <summary>
/// POST /v1/orgs/{orgId}/calls/{sid}/bridge-token: a short-lived browser token with scope voice:bridge and a role
/// claim, good for one MoQT bridge session on this call (the SDK fetches one per connect).
/// </summary>
internal static class BridgeTokenEndpoint
{
    public const int DefaultTtlSeconds = 60;

    public static async Task<IResult> IssueAsync(
        string orgId, string sid, HttpContext http, BrowserTokens tokens, IGrainStateReader states, IOptions<VoiceGatewayOptions> options, TimeProvider time)
    {
        if (CallTokenRules.RefuseTokenCaller(http) is { } refused)
        {
            return refused;
        }
        var (body, problem) = await BodyReader.ReadAsync<BridgeTokenBody>(http.Request);
        if (problem is not null)
        {
            return problem;
        }
        if (!BridgeRoles.TryParse(body?.Role, out var role))
        {
            return ApiProblem.Invalid("role", "role must be attach (server: subscribe uplink, publish downlink) or attachCaller (softphone: publish uplink, subscribe downlink).");
        }
        if (await CallTokenRules.RefuseUnknownCallAsync(orgId, sid, states, http.RequestAborted) is { } unknown)
        {
            return unknown;
        }
        var expiresAt = CallTokenRules.ExpiresAt(body?.TtlSec, DefaultTtlSeconds, options.Value, time);
        var token = tokens.Issue(orgId, sid, [VoiceScopes.Bridge], expiresAt, role.ToWireName());
        return Results.Json(new BridgeTokenResponse(token, sid, role.ToWireName(), MoqtBridgeEdge.Path, expiresAt), VoiceJson.Options, statusCode: StatusCodes.Status201Created);
    }
}

public sealed record BridgeTokenBody(string? Role, int? TtlSec);

/// <param name="Path">Where to connect MoQT (WebSocket, subprotocol webtransport), relative to the control-plane origin.</param>
public sealed record BridgeTokenResponse(string Token, string Sid, string Role, string Path, DateTimeOffset ExpiresAt);
