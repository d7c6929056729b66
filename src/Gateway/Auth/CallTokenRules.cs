using ClutchCall.Gateway.Calls;
using ClutchCall.Gateway.Problems;
using ClutchCall.Runtime;
using Microsoft.AspNetCore.Http;

namespace ClutchCall.Gateway.Auth;

/// <summary>What every token limited to one call (browser and bridge tokens) must satisfy before it is minted.</summary>
internal static class CallTokenRules
{
    /// <summary>Only an API key mints call tokens: a token never begets another.</summary>
    public static IResult? RefuseTokenCaller(HttpContext http) =>
        VoiceAuthenticator.Caller(http).OnlySid is not null ? ApiProblem.Forbidden("A browser or bridge token cannot mint other tokens.") : null;

    /// <summary>The call must exist in the caller's org (another org's sid is a plain 404).</summary>
    public static async Task<IResult?> RefuseUnknownCallAsync(string orgId, string sid, IGrainStateReader states, CancellationToken ct) =>
        await CallQueries.ReadAsync(orgId, sid, states, ct) is null ? ApiProblem.NotFound() : null;

    /// <summary>The requested lifetime, clamped to 1 s .. the configured maximum.</summary>
    public static DateTimeOffset ExpiresAt(int? requestedSeconds, int defaultSeconds, VoiceGatewayOptions options, TimeProvider time) =>
        time.GetUtcNow().AddSeconds(Math.Clamp(requestedSeconds ?? defaultSeconds, 1, (int)options.MaxBrowserTokenLifetime.TotalSeconds));
}
