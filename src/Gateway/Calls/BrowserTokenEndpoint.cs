using ClutchCall.Gateway.Auth;
using ClutchCall.Gateway.Problems;
using ClutchCall.Gateway.Validation;
using ClutchCall.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace ClutchCall.Gateway.Calls;

/// <summary>Mints a short-lived token for a browser, limited to one call of the caller's org.</summary>
internal static class BrowserTokenEndpoint
{
    public const int DefaultTtlSeconds = 300;

    public static async Task<IResult> IssueAsync(
        string orgId, string sid, HttpContext http, BrowserTokens tokens, IGrainStateReader states, IOptions<VoiceGatewayOptions> options, TimeProvider time)
    {
        if (CallTokenRules.RefuseTokenCaller(http) is { } refused)
        {
            return refused;
        }
        var caller = VoiceAuthenticator.Caller(http);
        var (body, problem) = await BodyReader.ReadAsync<BrowserTokenBody>(http.Request);
        if (problem is not null)
        {
            return problem;
        }
        var scopes = body?.Scopes ?? [.. VoiceScopes.BrowserAllowed];
        if (scopes.Count == 0 || scopes.Any(s => !VoiceScopes.BrowserAllowed.Contains(s) || !caller.Has(s)))
        {
            return ApiProblem.Invalid("scopes", "Browser tokens carry voice:calls and/or voice:bridge, and only scopes the key itself has.");
        }
        if (await CallTokenRules.RefuseUnknownCallAsync(orgId, sid, states, http.RequestAborted) is { } unknown)
        {
            return unknown;
        }
        var expiresAt = CallTokenRules.ExpiresAt(body?.TtlSec, DefaultTtlSeconds, options.Value, time);
        var token = tokens.Issue(orgId, sid, scopes, expiresAt);
        return Results.Json(new BrowserTokenResponse(token, sid, scopes, expiresAt), VoiceJson.Options, statusCode: StatusCodes.Status201Created);
    }
}

public sealed record BrowserTokenResponse(string Token, string Sid, IReadOnlyList<string> Scopes, DateTimeOffset ExpiresAt);
