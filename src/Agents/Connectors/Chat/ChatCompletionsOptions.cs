namespace ClutchCall.Agents.Connectors.Chat;

/// <summary>Hosted voice mode: an OpenAI-compatible chat API driven by the agent's system prompt.</summary>
public sealed record ChatCompletionsOptions
{
    /// <summary>The API root; requests go to <c>{BaseUrl}/chat/completions</c> (e.g. <c>https://api.openai.com/v1</c>).</summary>
    public required Uri BaseUrl { get; init; }

    /// <summary>Sent as <c>Authorization: Bearer</c> when set; local servers often need none.</summary>
    public string? ApiKey { get; init; }

    public required string Model { get; init; }

    /// <summary>The agent's <c>systemPrompt</c>: the first message of every request.</summary>
    public string SystemPrompt { get; init; } = string.Empty;

    /// <summary>Idle timeout: the longest wait for the response headers and then for each further piece of the stream. Default 10 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Optional <c>temperature</c>; the server default when null.</summary>
    public double? Temperature { get; init; }

    /// <summary>Optional <c>max_tokens</c>; spoken replies should be short. The server default when null.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>The endpoint the requests go to.</summary>
    public Uri CompletionsUrl => new(BaseUrl.AbsoluteUri.TrimEnd('/') + "/chat/completions");

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad field.</summary>
    public void Validate()
    {
        if (!BaseUrl.IsAbsoluteUri || (BaseUrl.Scheme != Uri.UriSchemeHttp && BaseUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"BaseUrl must be an absolute http(s) URL, got '{BaseUrl}'.", nameof(BaseUrl));
        }

        if (string.IsNullOrWhiteSpace(Model))
        {
            throw new ArgumentException("Model must be set.", nameof(Model));
        }

        if (Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Timeout must be positive, got {Timeout}.", nameof(Timeout));
        }

        if (MaxTokens is <= 0)
        {
            throw new ArgumentException($"MaxTokens must be positive when set, got {MaxTokens}.", nameof(MaxTokens));
        }
    }
}
