namespace ClutchCall.Agents.Connectors.Webhook;

/// <summary>Webhook voice mode for one agent: where caller turns are POSTed and how they are signed.</summary>
public sealed record WebhookTextAgentOptions
{
    /// <summary>The operator's endpoint (absolute http or https).</summary>
    public required Uri Url { get; init; }

    /// <summary>The signing secret shared with the operator (see <see cref="WebhookSignature"/>).</summary>
    public required string Secret { get; init; }

    /// <summary>Idle timeout: the longest wait for the response headers and then for each further piece of the body. Default 10 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Sent as <c>agentId</c> so one endpoint can serve several agents.</summary>
    public string AgentId { get; init; } = string.Empty;

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad field.</summary>
    public void Validate()
    {
        if (!Url.IsAbsoluteUri || (Url.Scheme != Uri.UriSchemeHttp && Url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"Url must be an absolute http(s) URL, got '{Url}'.", nameof(Url));
        }

        if (string.IsNullOrEmpty(Secret))
        {
            throw new ArgumentException("Secret must not be empty: every delivery is signed.", nameof(Secret));
        }

        if (Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Timeout must be positive, got {Timeout}.", nameof(Timeout));
        }
    }
}
