using ClutchCall.Gateway.Calls;
using ClutchCall.Gateway.Problems;
using ClutchCall.Gateway.Validation;
using ClutchCall.Grains.Interfaces;
using ClutchCall.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ClutchCall.Gateway.Trunks;

/// <summary>
/// The cluster's SIP trunks, admin scope: <c>GET /v1/orgs/{orgId}/trunks</c> and <c>GET/PUT/DELETE
/// /v1/orgs/{orgId}/trunks/{trunkId}</c>. Trunks are shared infrastructure, so the id is cluster-wide: the org in the
/// path is there for consistency with the other routes and does not scope the trunk. PUT answers 201 when it created
/// the trunk, 200 when it replaced it, and returns after this process's <see cref="TrunkDirectory"/> has the change, so
/// an originate on the same gateway can name the trunk at once (other gateways see it within a poll, ~2 s). Passwords
/// are write-only: responses carry <c>hasPassword</c> / <c>hasInboundPassword</c>.
/// </summary>
internal static class TrunkEndpoints
{
    public static async Task<IResult> ListAsync(string orgId, IGrainFactory grains)
    {
        var snapshot = await Registry(grains).ListAsync();
        return Results.Json(new { items = snapshot.Trunks.Select(t => t.Redacted()) }, VoiceJson.Options);
    }

    public static async Task<IResult> GetAsync(string orgId, string trunkId, IGrainFactory grains)
    {
        if (!TrunkRules.IsValidId(trunkId))
        {
            return InvalidId();
        }
        var trunk = (await Registry(grains).ListAsync()).Trunks.FirstOrDefault(t => t.Id == trunkId);
        return trunk is null ? NotFound(trunkId) : Results.Json(trunk.Redacted(), VoiceJson.Options);
    }

    public static async Task<IResult> PutAsync(string orgId, string trunkId, HttpContext http, IGrainFactory grains)
    {
        if (!TrunkRules.IsValidId(trunkId))
        {
            return InvalidId();
        }
        var (body, problem) = await BodyReader.ReadAsync<TrunkBody>(http.Request);
        if (problem is not null)
        {
            return problem;
        }
        if (body is null)
        {
            return ApiProblem.BadRequest("Send the trunk as a JSON object, for example {\"host\":\"sip.example.net\"}.");
        }
        var definition = body.ToDefinition(trunkId);
        if (TrunkRules.Check(definition) is { } invalid)
        {
            return GrainResults.ToProblem(invalid);
        }
        var result = await Registry(grains).PutAsync(definition);
        if (result.Error is { } error)
        {
            return GrainResults.ToProblem(error);
        }
        await RefreshLocalAsync(http);
        return Results.Json(result.Trunk, VoiceJson.Options, statusCode: result.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    public static async Task<IResult> DeleteAsync(string orgId, string trunkId, HttpContext http, IGrainFactory grains)
    {
        if (!TrunkRules.IsValidId(trunkId))
        {
            return InvalidId();
        }
        if (!await Registry(grains).DeleteAsync(trunkId))
        {
            return NotFound(trunkId);
        }
        await RefreshLocalAsync(http);
        return Results.NoContent();
    }

    private static ITrunkRegistryGrain Registry(IGrainFactory grains) => grains.GetGrain<ITrunkRegistryGrain>(ITrunkRegistryGrain.Key);

    /// <summary>This process's catalog and SIP edge read the directory; a gateway without either has none to refresh.</summary>
    private static Task RefreshLocalAsync(HttpContext http) =>
        http.RequestServices.GetService<TrunkDirectory>()?.RefreshAsync(http.RequestAborted) ?? Task.CompletedTask;

    private static ApiProblem NotFound(string trunkId) => ApiProblem.NotFound($"No trunk '{trunkId}'.");

    private static ApiProblem InvalidId() =>
        ApiProblem.Invalid("trunkId", "Trunk ids are 1-64 characters of letters, digits, '-', '_' and '.'.");
}
