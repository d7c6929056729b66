using System.Text;
using ClutchCall.Gateway.Auth;
using ClutchCall.Grains.Interfaces;
using ClutchCall.Runtime;
using ClutchCall.Moqt.Coding;
using ClutchCall.Moqt.Messages;
using ClutchCall.Moqt.Session;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ClutchCall.Gateway.Media;

/// <summary>
/// Checks the bridge token of a MoQT session: from the setup's AUTHORIZATION_TOKEN (USE_VALUE form, or the bare token
/// bytes) or else the <c>?jwt=</c> query (browsers' WebTransport polyfill cannot set setup parameters). A client may
/// name the sid and role it means (<c>?sid=</c>, <c>?role=</c>); a token for another sid or role is refused.
/// </summary>
public sealed partial class BridgeAuthorizer(BrowserTokens tokens, BridgeMetrics metrics, IGrainFactory grains, ILogger<BridgeAuthorizer> logger)
{
    /// <summary>The grant, or throws <see cref="MoqtException"/> with <see cref="MoqtErrorCode.Unauthorized"/>.</summary>
    public async ValueTask<BridgeGrant> AuthorizeAsync(MoqtSession session, HttpContext http)
    {
        var (grant, refusal) = Check(session, http);
        if (grant is not null)
        {
            return grant;
        }
        // Only a peer holding a genuine token for a call gets its refusal recorded on that call.
        if (refusal.Sid is { } sid)
        {
            try
            {
                await grains.GetGrain<ICallGrain>(sid).RecordBridgeRefusedAsync(http.Request.Query["role"].ToString() is { Length: > 0 } r ? r : "unknown", refusal.Reason);
            }
            catch (Exception e) when (e is GrainCallException or GrainUnavailableException)
            {
                LogNotRecorded(logger, sid, e.Message);
            }
        }
        throw refusal.Error;
    }

    private (BridgeGrant? Grant, (string? Sid, string Reason, MoqtException Error) Refusal) Check(MoqtSession session, HttpContext http)
    {
        var query = http.Request.Query;
        if (TokenFrom(session, query) is not { } token)
        {
            return (null, Refuse(null, "no bridge token: send it in AUTHORIZATION_TOKEN or ?jwt=", query));
        }
        if (tokens.Validate(token) is not { OnlySid: { } sid } caller)
        {
            return (null, Refuse(null, "the bridge token is invalid or expired", query));
        }
        if (!caller.Has(VoiceScopes.Bridge) || !BridgeRoles.TryParse(caller.BridgeRole, out var role))
        {
            return (null, Refuse(sid, "not a bridge token (no voice:bridge scope or role)", query));
        }
        if (query["sid"].ToString() is { Length: > 0 } wantedSid && !string.Equals(wantedSid, sid, StringComparison.Ordinal))
        {
            return (null, Refuse(sid, "the bridge token is for another call", query));
        }
        if (query["role"].ToString() is { Length: > 0 } wantedRole && !string.Equals(wantedRole, role.ToWireName(), StringComparison.Ordinal))
        {
            return (null, Refuse(sid, $"the bridge token is for role {role.ToWireName()}, not {wantedRole}", query));
        }
        return (new BridgeGrant(caller.OrgId, sid, role), default);
    }

    private static string? TokenFrom(MoqtSession session, IQueryCollection query)
    {
        if (session.PeerClientSetup?.AuthorizationToken is { Length: > 0 } raw)
        {
            return AuthorizationToken.TryParseUseValue(raw.Span, out _, out var value)
                ? Encoding.UTF8.GetString(value)
                : Encoding.UTF8.GetString(raw.Span);
        }
        return query["jwt"].ToString() is { Length: > 0 } jwt ? jwt : null;
    }

    /// <param name="tokenSid">The call a genuine token was issued for; null when the peer proved nothing (no event then:
    /// an unauthenticated peer must not be able to write into a call's stream).</param>
    private (string? Sid, string Reason, MoqtException Error) Refuse(string? tokenSid, string reason, IQueryCollection query)
    {
        LogRefused(logger, query["sid"].ToString(), query["role"].ToString(), reason);
        metrics.Refused("token");
        return (tokenSid, reason, new MoqtException(MoqtErrorCode.Unauthorized, reason));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The refusal of a bridge for call {Sid} could not be recorded: {Error}")]
    private static partial void LogNotRecorded(ILogger logger, string sid, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "call.bridge.refused sid={Sid} role={Role}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string sid, string role, string reason);
}
