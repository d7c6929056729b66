using System.Text.Json;
using ClutchCall.Gateway.Problems;
using ClutchCall.Grains.Interfaces;
using Microsoft.AspNetCore.Http;

namespace ClutchCall.Gateway.Validation;

/// <summary>Reads JSON bodies so that malformed JSON becomes a 400 problem naming the path, not an exception page.</summary>
public static class BodyReader
{
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>Reads a body of type T; an empty body gives null (callers decide whether that is allowed).</summary>
    public static async Task<(T? Body, ApiProblem? Problem)> ReadAsync<T>(HttpRequest request)
    {
        if (request.ContentLength is > MaxBodyBytes)
        {
            return (default, ApiProblem.BadRequest($"The body is larger than {MaxBodyBytes} bytes."));
        }
        if (request.ContentLength == 0)
        {
            return (default, null);
        }
        try
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
            if (buffer.Length == 0)
            {
                return (default, null);
            }
            if (buffer.Length > MaxBodyBytes)
            {
                return (default, ApiProblem.BadRequest($"The body is larger than {MaxBodyBytes} bytes."));
            }
            return (JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), VoiceJson.Options), null);
        }
        catch (JsonException e)
        {
            var path = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? null : e.Path.TrimStart('$', '.');
            return (default, ApiProblem.BadRequest("The body is not valid JSON for this request" + (path is null ? "." : $" (at {path})."), path));
        }
    }

    /// <summary>Interprets "agent": a string is a registry id, an object an inline spec.</summary>
    public static (string? Id, AgentSpec? Spec, ApiProblem? Problem) ParseAgent(JsonElement? agent, string field)
    {
        if (agent is not { } element || element.ValueKind == JsonValueKind.Null)
        {
            return (null, null, null);
        }
        switch (element.ValueKind)
        {
            case JsonValueKind.String when element.GetString() is { Length: > 0 } id:
                return (id, null, null);
            case JsonValueKind.Object:
                try
                {
                    var spec = element.Deserialize<AgentSpec>(VoiceJson.Options);
                    return spec is { Model.Length: > 0 }
                        ? (null, spec, null)
                        : (null, null, ApiProblem.Invalid(field + ".model", "An inline agent spec needs a model."));
                }
                catch (JsonException)
                {
                    return (null, null, ApiProblem.Invalid(field, "The inline agent spec is malformed."));
                }
            default:
                return (null, null, ApiProblem.Invalid(field, "agent is an agent id (string) or an inline spec (object)."));
        }
    }
}
