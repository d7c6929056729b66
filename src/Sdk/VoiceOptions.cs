namespace ClutchCall.Sdk;

/// <summary>How to reach the engine and as whom.</summary>
public sealed class VoiceOptions
{
    /// <summary>Control-plane origin, e.g. http://127.0.0.1:8080 (no trailing slash needed).</summary>
    public required string BaseUrl { get; init; }

    /// <summary>API key with voice:* scopes, or a browser token limited to one call.</summary>
    public required string ApiKey { get; init; }

    /// <summary>Org (tenant) every request addresses.</summary>
    public required string OrgId { get; init; }

    /// <summary>Optional HttpClient to send requests with (its BaseAddress is ignored). Default: one owned by <see cref="Voice"/>.</summary>
    public HttpClient? HttpClient { get; init; }

    /// <summary>First wait before an event stream reconnects, until the server sends its own "retry:". Default 1 s.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);
}
