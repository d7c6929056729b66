namespace ClutchCall.Sdk;

/// <summary>The engine refused a request (an RFC 9457 problem): status, problem type, and the field at fault when there is one.</summary>
public sealed class VoiceApiException(int status, string? problemType, string? title, string? detail, string? field, TimeSpan? retryAfter)
    : Exception($"{status} {title}{(detail is null ? "" : ": " + detail)}{(field is null ? "" : $" (field {field})")}")
{
    /// <summary>HTTP status: 400 malformed, 401 credentials, 403 scope, 404 not found (including another org's call), 409 state conflict, 422 invalid field, 429 rate limit.</summary>
    public int Status { get; } = status;

    /// <summary>Problem type URI, e.g. urn:clutchcall:problem:invalid-field.</summary>
    public string? ProblemType { get; } = problemType;

    public string? Title { get; } = title;

    public string? Detail { get; } = detail;

    /// <summary>The request member at fault (e.g. "to", "trunkId", "agent").</summary>
    public string? Field { get; } = field;

    /// <summary>From Retry-After on 429 and 503.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
