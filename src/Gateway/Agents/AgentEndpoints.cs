using System.Text.Json;
using ClutchCall.Gateway.Calls;
using ClutchCall.Gateway.Problems;
using ClutchCall.Gateway.Validation;
using ClutchCall.Grains.Interfaces;
using ClutchCall.Runtime;
using Microsoft.AspNetCore.Http;

namespace ClutchCall.Gateway.Agents;

/// <summary>
/// An org's agent registry: <c>GET/PUT/DELETE /v1/orgs/{orgId}/agents/{agentId}</c>. PUT takes the agent spec as the
/// body (the same shape as an inline spec on attach) and answers 201 when it created the agent, 200 when it replaced
/// it. Secrets (apiKey, webhookSecret) are write-only: responses never carry them.
/// </summary>
internal static class AgentEndpoints
{
    public static async Task<IResult> GetAsync(string orgId, string agentId, IGrainFactory grains)
    {
        if (!AgentRegistryKeys.IsValidId(agentId))
        {
            return InvalidId();
        }
        var definition = await grains.GetGrain<IAgentRegistryGrain>(AgentRegistryKeys.For(orgId, agentId)).GetAsync();
        return definition is null ? ApiProblem.NotFound($"No agent '{agentId}' in this org.") : Results.Json(definition.Redacted(), VoiceJson.Options);
    }

    public static async Task<IResult> PutAsync(string orgId, string agentId, HttpContext http, IGrainFactory grains)
    {
        if (!AgentRegistryKeys.IsValidId(agentId))
        {
            return InvalidId();
        }
        var (body, problem) = await BodyReader.ReadAsync<JsonElement>(http.Request);
        if (problem is not null)
        {
            return problem;
        }
        if (body.ValueKind != JsonValueKind.Object)
        {
            return ApiProblem.BadRequest("Send the agent spec as a JSON object, for example {\"model\":\"echo\"}.");
        }
        var (_, spec, specProblem) = BodyReader.ParseAgent(body, "spec");
        if (specProblem is not null)
        {
            return specProblem;
        }
        var result = await grains.GetGrain<IAgentRegistryGrain>(AgentRegistryKeys.For(orgId, agentId)).PutAsync(spec!);
        if (result.Error is { } error)
        {
            return GrainResults.ToProblem(error);
        }
        return Results.Json(result.Definition, VoiceJson.Options, statusCode: result.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    public static async Task<IResult> DeleteAsync(string orgId, string agentId, IGrainFactory grains)
    {
        if (!AgentRegistryKeys.IsValidId(agentId))
        {
            return InvalidId();
        }
        var deleted = await grains.GetGrain<IAgentRegistryGrain>(AgentRegistryKeys.For(orgId, agentId)).DeleteAsync();
        return deleted ? Results.NoContent() : ApiProblem.NotFound($"No agent '{agentId}' in this org.");
    }

    private static ApiProblem InvalidId() =>
        ApiProblem.Invalid("agentId", "Agent ids are 1-64 characters of letters, digits, '-', '_' and '.'.");
}
