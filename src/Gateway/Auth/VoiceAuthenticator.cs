using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ClutchCall.Gateway.Problems;
using Microsoft.AspNetCore.Http;

namespace ClutchCall.Gateway.Auth;

/// <summary>
/// Resolves "Authorization: Bearer" (an API key or a browser token) and checks org, scope and sid.
/// A key of another org gets 404, like another org's sid: nothing about other tenants leaks.
/// </summary>
public sealed class VoiceAuthenticator(ApiKeyStore keys, BrowserTokens tokens)
{
    private const string CallerItem = "clutchcall.caller";

    public static VoiceCaller Caller(HttpContext context) =>
        context.Items[CallerItem] as VoiceCaller ?? throw new InvalidOperationException("The endpoint has no voice scope requirement.");

    /// <param name="allowQueryToken">SSE routes: EventSource in browsers cannot set headers, so ?access_token= is accepted.</param>
    public ApiProblem? Authorize(HttpContext context, string scope, bool allowQueryToken)
    {
        var credential = BearerFrom(context.Request, allowQueryToken);
        if (credential is null)
        {
            return ApiProblem.Unauthorized("Send Authorization: Bearer <api key>.");
        }
        var caller = credential.StartsWith(BrowserTokens.Prefix, StringComparison.Ordinal) ? tokens.Validate(credential) : keys.Find(credential);
        if (caller is null)
        {
            return ApiProblem.Unauthorized("The API key or token is unknown or expired.");
        }
        var routeOrg = context.GetRouteValue("orgId") as string;
        if (routeOrg is not null && !string.Equals(routeOrg, caller.OrgId, StringComparison.Ordinal))
        {
            return ApiProblem.NotFound("No such org for this key.");
        }
        if (caller.OnlySid is { } onlySid && !string.Equals(context.GetRouteValue("sid") as string, onlySid, StringComparison.Ordinal))
        {
            return ApiProblem.Forbidden("This token is limited to one call.");
        }
        if (!caller.Has(scope))
        {
            return ApiProblem.Forbidden($"The key lacks the {scope} scope.");
        }
        context.Items[CallerItem] = caller;
        return null;
    }

    private static string? BearerFrom(HttpRequest request, bool allowQueryToken)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var value = header["Bearer ".Length..].Trim();
            return value.Length > 0 ? value : null;
        }
        return allowQueryToken && request.Query["access_token"].ToString() is { Length: > 0 } token ? token : null;
    }
}

public static class VoiceAuthorizationExtensions
{
    /// <summary>Requires a credential of the route's org with the scope; browser tokens only reach their own sid.</summary>
    public static RouteHandlerBuilder RequireVoiceScope(this RouteHandlerBuilder builder, string scope, bool allowQueryToken = false) =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var auth = http.RequestServices.GetRequiredService<VoiceAuthenticator>();
            return auth.Authorize(http, scope, allowQueryToken) is { } problem ? problem : await next(context);
        });
}
