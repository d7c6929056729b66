using ClutchCall.Sdk.Http;

namespace ClutchCall.Sdk;

/// <summary>
/// The data plane (<c>voice.AudioBridge</c>): opens the bidirectional MoQT audio bridge of one call over a WebSocket to
/// <c>{BaseUrl}/moq</c>, authorized by a bridge token fetched from the control plane for each connect.
/// </summary>
public sealed class AudioBridgeClient
{
    internal const string AttachRole = "attach";
    internal const string AttachCallerRole = "attachCaller";

    private readonly VoiceHttp _http;
    private readonly Uri _baseUrl;
    private readonly TimeSpan _reconnectDelay;

    internal AudioBridgeClient(VoiceHttp http, string baseUrl, TimeSpan reconnectDelay)
    {
        _http = http;
        _baseUrl = new Uri(baseUrl.TrimEnd('/') + "/");
        _reconnectDelay = reconnectDelay;
    }

    /// <summary>
    /// Opens the bridge as the server: subscribes to the caller's audio (uplink, to <see cref="AudioBridgeOptions.OnUplink"/>)
    /// and publishes audio back (downlink, with <see cref="AudioBridge.PublishDownlink"/>). Fails if the call is not live.
    /// </summary>
    /// <param name="callSid">The call.</param>
    /// <param name="options">Format and callbacks; null for Opus 48 kHz mono 20 ms.</param>
    /// <param name="ct">Cancels the first connect.</param>
    public Task<AudioBridge> AttachAsync(string callSid, AudioBridgeOptions? options = null, CancellationToken ct = default) =>
        OpenAsync(callSid, AttachRole, options ?? new AudioBridgeOptions(), ct);

    /// <summary>
    /// The softphone mirror of <see cref="AttachAsync"/>: subscribes to downlink (to <see cref="AudioBridgeOptions.OnDownlink"/>)
    /// and publishes the caller's mic as uplink (with <see cref="AudioBridge.PublishUplink"/>).
    /// </summary>
    /// <param name="callSid">The call.</param>
    /// <param name="options">Format and callbacks; null for Opus 48 kHz mono 20 ms.</param>
    /// <param name="ct">Cancels the first connect.</param>
    public Task<AudioBridge> AttachCallerAsync(string callSid, AudioBridgeOptions? options = null, CancellationToken ct = default) =>
        OpenAsync(callSid, AttachCallerRole, options ?? new AudioBridgeOptions(), ct);

    private async Task<AudioBridge> OpenAsync(string callSid, string role, AudioBridgeOptions options, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(callSid);
        var bridge = new AudioBridge(new BridgeConnector(_http, _baseUrl, callSid, role, options), options, options.ReconnectDelay ?? _reconnectDelay);
        await bridge.StartAsync(ct).ConfigureAwait(false);
        return bridge;
    }
}
