namespace ClutchCall.Gateway;

/// <summary>Configuration section "Voice".</summary>
public sealed class VoiceGatewayOptions
{
    public const string Section = "Voice";

    /// <summary>The embedded default's API key (all scopes). From CLUTCHCALL_DEV_API_KEY; generated and printed when unset.</summary>
    public string? DevApiKey { get; set; }

    /// <summary>Org of the dev key. From CLUTCHCALL_DEV_ORG; default org_dev.</summary>
    public string DevOrg { get; set; } = "org_dev";

    /// <summary>Whether to create a dev key at all. Default true (the embedded default); turn off in production.</summary>
    public bool EnableDevKey { get; set; } = true;

    /// <summary>Provisioned keys, stored as SHA-256 hashes of the secret.</summary>
    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>Base64 HMAC key for browser tokens. Set the same value on every gateway of a cluster; default: random per process.</summary>
    public string? TokenSigningKey { get; set; }

    /// <summary>Longest lifetime of a browser token. Default 15 minutes.</summary>
    public TimeSpan MaxBrowserTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long an idle SSE stream waits before a heartbeat comment. Default 15 s.</summary>
    public TimeSpan SseHeartbeat { get; set; } = TimeSpan.FromSeconds(15);
}

public sealed class ApiKeyOptions
{
    /// <summary>Lowercase hex SHA-256 of the key secret.</summary>
    public string Sha256 { get; set; } = "";

    public string OrgId { get; set; } = "";

    public List<string> Scopes { get; set; } = [];
}

/// <summary>Per-org originate rate: a token bucket per org on each gateway.</summary>
public sealed class RateLimitOptions
{
    /// <summary>Sustained calls per second per org. Default 10.</summary>
    public double CallsPerSecond { get; set; } = 10;

    /// <summary>Bucket size: calls allowed in a burst. Default 20.</summary>
    public int Burst { get; set; } = 20;
}
