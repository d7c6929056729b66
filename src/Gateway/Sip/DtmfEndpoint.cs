using ClutchCall.Gateway.Calls;
using ClutchCall.Gateway.Problems;
using ClutchCall.Gateway.Validation;
using ClutchCall.Grains.Interfaces;
using ClutchCall.Runtime;
using Microsoft.AspNetCore.Http;

namespace ClutchCall.Gateway.Sip;

/// <summary>POST /calls/{sid}/dtmf {"digits":"42#"}: RFC 4733 digits to the caller of a call on a SIP trunk.</summary>
internal static class DtmfEndpoint
{
    public static async Task<IResult> SendAsync(string orgId, string sid, HttpContext http, IGrainFactory grains)
    {
        var (body, problem) = await BodyReader.ReadAsync<DtmfBody>(http.Request);
        if (problem is not null)
        {
            return problem;
        }
        if (body?.Digits is not { Length: > 0 } digits)
        {
            return ApiProblem.Invalid("digits", "digits is required: 1 to 32 of 0-9, *, #, A-D.");
        }
        if (!CallSid.IsValid(sid))
        {
            return ApiProblem.NotFound();
        }
        return await GrainResults.RunAsync(http, () => grains.GetGrain<ICallGrain>(sid).SendDigitsAsync(new SendDigits(orgId, digits)));
    }

    internal sealed record DtmfBody(string? Digits);
}
