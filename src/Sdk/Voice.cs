using ClutchCall.Sdk.Http;

namespace ClutchCall.Sdk;

/// <summary>
/// The top-level client. Hands out scoped helpers that carry the org id and the transport:
/// <see cref="Calls"/> (control plane), <see cref="AudioBridge"/> (data plane), <see cref="Agents"/> (agent attach) and
/// <see cref="Events"/> (supervisor streams).
/// </summary>
public sealed class Voice : IDisposable
{
    private readonly VoiceHttp _http;

    public Voice(VoiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.BaseUrl);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ApiKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.OrgId);
        _http = new VoiceHttp(options);
        Calls = new CallsClient(_http);
        Agents = new AgentsClient(_http);
        Events = new EventsClient(_http, options.ReconnectDelay);
        AudioBridge = new AudioBridgeClient(_http, options.BaseUrl, options.ReconnectDelay);
    }

    public CallsClient Calls { get; }

    public AgentsClient Agents { get; }

    /// <summary>The audio bridge of a call over MoQT (data plane).</summary>
    public AudioBridgeClient AudioBridge { get; }

    public EventsClient Events { get; }

    public void Dispose() => _http.Dispose();
}
