using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace ClutchCall.Gateway.Problems;

/// <summary>
/// An RFC 9457 problem details response (application/problem+json). Field names the request member at fault,
/// so SDKs can point at it; RetryAfter also sets the Retry-After header.
/// </summary>
public sealed class ApiProblem(int status, string slug, string title, string? detail, string? field = null) : IResult
{
    public const string ContentType = "application/problem+json";
    public const string TypePrefix = "urn:clutchcall:problem:";

    public int Status { get; } = status;
    public string Type { get; } = TypePrefix + slug;
    public string Title { get; } = title;
    public string? Detail { get; } = detail;
    public string? Field { get; } = field;
    public int? RetryAfterSeconds { get; init; }
    public bool ChallengeBearer { get; init; }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = Status;
        response.ContentType = ContentType;
        if (RetryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (ChallengeBearer)
        {
            response.Headers.WWWAuthenticate = "Bearer realm=\"clutchcall\"";
        }
        await using var writer = new Utf8JsonWriter(response.Body);
        writer.WriteStartObject();
        writer.WriteString("type", Type);
        writer.WriteString("title", Title);
        writer.WriteNumber("status", Status);
        if (Detail is not null)
        {
            writer.WriteString("detail", Detail);
        }
        writer.WriteString("instance", httpContext.Request.Path.Value);
        if (Field is not null)
        {
            writer.WriteString("field", Field);
        }
        if (RetryAfterSeconds is { } retry)
        {
            writer.WriteNumber("retryAfter", retry);
        }
        writer.WriteEndObject();
        await writer.FlushAsync(httpContext.RequestAborted);
    }

    public static ApiProblem Unauthorized(string detail) => new(401, "unauthorized", "Missing or invalid credentials", detail) { ChallengeBearer = true };

    public static ApiProblem Forbidden(string detail) => new(403, "forbidden", "Not allowed", detail);

    public static ApiProblem NotFound(string detail = "No such call in this org.") => new(404, "not-found", "Not found", detail);

    public static ApiProblem Conflict(string detail, string? field = null) => new(409, "conflict", "Conflicts with the call's state", detail, field);

    public static ApiProblem Invalid(string field, string detail) => new(422, "invalid-field", "A field is invalid", detail, field);

    public static ApiProblem BadRequest(string detail, string? field = null) => new(400, "bad-request", "Malformed request", detail, field);

    public static ApiProblem TooManyRequests(int retryAfterSeconds) =>
        new(429, "rate-limited", "Too many calls", "The org's calls-per-second limit is reached.") { RetryAfterSeconds = retryAfterSeconds };

    public static ApiProblem Unavailable(string detail) => new(503, "unavailable", "Call owner unavailable", detail) { RetryAfterSeconds = 1 };
}
