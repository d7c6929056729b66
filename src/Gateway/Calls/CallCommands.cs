using Microsoft.Extensions.DependencyInjection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ClutchCall.Gateway.Diagnostics;
using ClutchCall.Gateway.Problems;
using ClutchCall.Gateway.RateLimiting;
using ClutchCall.Gateway.Sip;
using ClutchCall.Gateway.Validation;
using ClutchCall.Grains.Interfaces;
using ClutchCall.Runtime;
using Microsoft.AspNetCore.Http;

namespace ClutchCall.Gateway.Calls;

/// <summary>Commands that change a call: validate the body, then send one message to the call grain.</summary>
internal static class CallCommands
{
    public const string IdempotencyHeader = "Idempotency-Key";
    private const int MaxIdempotencyKeyLength = 255;
    private static readonly System.Buffers.SearchValues<char> ReasonChars = System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789_");

    public static async Task<IResult> OriginateAsync(string orgId, HttpContext http, IGrainFactory grains, OrgCallRateLimiter limiter, GatewayMetrics metrics)
    {
        var (body, problem) = await BodyReader.ReadAsync<OriginateBody>(http.Request);
        if (problem is not null)
        {
            return problem;
        }
        if (body is null)
        {
            return ApiProblem.BadRequest("Send a JSON body with to, from and trunkId.");
        }
        if (!E164.IsValid(body.To))
        {
            return ApiProblem.Invalid("to", "to must be an E.164 number such as +15551234567.");
        }
        if (!E164.IsValid(body.From))
        {
            return ApiProblem.Invalid("from", "from must be an E.164 number such as +15558675309.");
        }
        if (string.IsNullOrWhiteSpace(body.TrunkId))
        {
            return ApiProblem.Invalid("trunkId", "trunkId is required.");
        }
        var (agentId, spec, agentProblem) = BodyReader.ParseAgent(body.Agent, "agent");
        if (agentProblem is not null)
        {
            return agentProblem;
        }
        var key = http.Request.Headers[IdempotencyHeader].ToString();
        if (key.Length > MaxIdempotencyKeyLength)
        {
            return ApiProblem.BadRequest($"{IdempotencyHeader} is at most {MaxIdempotencyKeyLength} characters.", IdempotencyHeader);
        }
        if (!limiter.TryAcquire(orgId, out var retryAfter))
        {
            metrics.Originate("rate_limited");
            return ApiProblem.TooManyRequests(Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)));
        }
        var request = new OriginateCall(orgId, body.To!, body.From!, body.TrunkId, agentId, spec, RingTimeout.Clamp(body.RingTimeoutSec));
        string sid;
        if (key.Length > 0)
        {
            sid = CallSid.FromIdempotencyKey(orgId, key);
            request = request with { Fingerprint = Fingerprint(request) };
        }
        else
        {
            sid = CallSid.New();
        }
        var sip = http.RequestServices.GetService<SipEdge>();
        var result = await GrainResults.RunAsync(http, async () =>
        {
            var created = await grains.GetGrain<ICallGrain>(sid).OriginateAsync(request);
            // The gateway that accepted the originate dials, once: an idempotent replay finds the call already there.
            if (created is { Created: true } && sip is not null && sip.Handles(request.TrunkId))
            {
                sip.Dial(sid, request);
            }
            return created;
        }, StatusCodes.Status201Created);
        metrics.Originate(result is ApiProblem ? "refused" : "created");
        return result;
    }

    public static async Task<IResult> HangupAsync(string orgId, string sid, HttpContext http, IGrainFactory grains)
    {
        var (body, problem) = await BodyReader.ReadAsync<HangupBody>(http.Request);
        if (problem is not null)
        {
            return problem;
        }
        if (body?.Reason is { } reason && (reason.Length is 0 or > 64 || reason.AsSpan().IndexOfAnyExcept(ReasonChars) >= 0))
        {
            return ApiProblem.Invalid("reason", "reason is 1..64 characters of a-z, 0-9 and '_'.");
        }
        return await SendAsync(http, sid, g => g.HangupAsync(new HangupCall(orgId, body?.Reason)));
    }

    /// <summary>Body: {"to": "+1..."} or {"agent": "id" | {spec}}, or a bare JSON string as shorthand for {to}.</summary>
    public static async Task<IResult> TransferAsync(string orgId, string sid, HttpContext http)
    {
        var (body, problem) = await BodyReader.ReadAsync<JsonElement>(http.Request);
        if (problem is not null)
        {
            return problem;
        }
        string? to = null;
        JsonElement? agent = null;
        switch (body)
        {
            case { ValueKind: JsonValueKind.String } s:
                to = s.GetString();
                break;
            case { ValueKind: JsonValueKind.Object } o:
                if (o.TryGetProperty("to", out var t) && t.ValueKind != JsonValueKind.Null)
                {
                    to = t.ValueKind == JsonValueKind.String ? t.GetString() : "";
                }
                if (o.TryGetProperty("agent", out var a) && a.ValueKind != JsonValueKind.Null)
                {
                    agent = a;
                }
                break;
            default:
                return ApiProblem.BadRequest("Send {\"to\": \"+1...\"} or {\"agent\": \"agent-id\"}.");
        }
        if ((to is null) == (agent is null))
        {
            return ApiProblem.Invalid("to", "Give exactly one transfer target: to or agent.");
        }
        if (to is not null && !E164.IsValid(to))
        {
            return ApiProblem.Invalid("to", "to must be an E.164 number such as +15557654321.");
        }
        var (agentId, spec, agentProblem) = BodyReader.ParseAgent(agent, "agent");
        if (agentProblem is not null)
        {
            return agentProblem;
        }
        return await SendAsync(http, sid, g => g.TransferAsync(new TransferCall(orgId, to, agentId, spec)));
    }

    /// <summary>Body: {"agentId": "id"} or {"spec": {...}} (or {"agent": "id" | {spec}}, as in originate).</summary>
    public static async Task<IResult> AttachAgentAsync(string orgId, string sid, HttpContext http)
    {
        var (body, problem) = await BodyReader.ReadAsync<AttachAgentBody>(http.Request);
        if (problem is not null)
        {
            return problem;
        }
        var (agentId, spec) = (body?.AgentId, body?.Spec);
        if (body?.Agent is { } agent)
        {
            var (id, inline, agentProblem) = BodyReader.ParseAgent(agent, "agent");
            if (agentProblem is not null)
            {
                return agentProblem;
            }
            (agentId, spec) = (agentId ?? id, spec ?? inline);
        }
        if ((agentId is null) == (spec is null))
        {
            return ApiProblem.Invalid("agentId", "Give exactly one of agentId and spec.");
        }
        return await SendAsync(http, sid, g => g.AttachAgentAsync(new AttachAgent(orgId, agentId, spec)));
    }

    public static Task<IResult> DetachAgentAsync(string orgId, string sid, HttpContext http) =>
        SendAsync(http, sid, g => g.DetachAgentAsync(new DetachAgent(orgId)));

    public static async Task<IResult> InboundAsync(string orgId, string sid, InboundCommand command, HttpContext http)
    {
        int? ringTime = null;
        if (command == InboundCommand.Connect)
        {
            var (body, problem) = await BodyReader.ReadAsync<ConnectBody>(http.Request);
            if (problem is not null)
            {
                return problem;
            }
            ringTime = body?.RingTimeSeconds is { } requested ? RingTimeout.Clamp(requested) : null;
        }
        return await SendAsync(http, sid, g => g.SendInboundCommandAsync(new InboundCommandRequest(orgId, command, ringTime)));
    }

    /// <summary>Simulated inbound call: the trunk "rings in" a call that starts PENDING and raises call.incoming.</summary>
    public static async Task<IResult> RingInAsync(string orgId, string trunkId, HttpContext http, IGrainFactory grains)
    {
        var (body, problem) = await BodyReader.ReadAsync<RingInBody>(http.Request);
        if (problem is not null)
        {
            return problem;
        }
        if (!E164.IsValid(body?.From))
        {
            return ApiProblem.Invalid("from", "from must be an E.164 number (the caller).");
        }
        if (!E164.IsValid(body!.To))
        {
            return ApiProblem.Invalid("to", "to must be an E.164 number (the called number).");
        }
        var sid = CallSid.New();
        return await GrainResults.RunAsync(http,
            () => grains.GetGrain<ICallGrain>(sid).RingInAsync(new IncomingCall(orgId, body.From!, body.To!, trunkId)),
            StatusCodes.Status201Created);
    }

    private static Task<IResult> SendAsync(HttpContext http, string sid, Func<ICallGrain, Task<CallResult>> send)
    {
        if (!CallSid.IsValid(sid))
        {
            return Task.FromResult<IResult>(ApiProblem.NotFound());
        }
        var grain = http.RequestServices.GetRequiredService<IGrainFactory>().GetGrain<ICallGrain>(sid);
        return GrainResults.RunAsync(http, () => send(grain));
    }

    /// <summary>Same key with a different body is a conflict, so the fingerprint covers every field that shapes the call.</summary>
    private static string Fingerprint(OriginateCall request) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request, VoiceJson.Options))));
}
