using System.Text;
using ClutchCall.Moqt.Coding;
using ClutchCall.Moqt.Messages;
using ClutchCall.Moqt.Model;
using ClutchCall.Moqt.Session;
using ClutchCall.Moqt.Transport.WebSockets;
using ClutchCall.Sdk.Http;

namespace ClutchCall.Sdk;

/// <summary>One connect of a bridge: a fresh bridge token from the control plane, then a MoQT session over WebSocket.</summary>
internal sealed class BridgeConnector(VoiceHttp http, Uri baseUrl, string callSid, string role, AudioBridgeOptions options)
{
    /// <summary>Token types are application-defined; the gateway ignores this one and reads the value.</summary>
    private const ulong BridgeTokenType = 0;

    public string CallSid { get; } = callSid;

    public string Role { get; } = role;

    public async Task<MoqtSession> ConnectAsync(MoqtOrigin origin, CancellationToken ct)
    {
        var grant = await http.SendAsync<BridgeTokenData>(
            http.Request(HttpMethod.Post, http.CallPath(CallSid, "bridge-token"), new { role = Role }), ct).ConfigureAwait(false);
        var uri = new UriBuilder(new Uri(baseUrl, grant.Path.TrimStart('/'))) { Query = options.ToQuery(CallSid, Role) }.Uri;
        var transport = await MoqtWebSocketClient.ConnectAsync(uri, cancellationToken: ct).ConfigureAwait(false);
        try
        {
            var sessionOptions = new MoqtSessionOptions
            {
                AuthorizationToken = AuthorizationToken.CreateUseValue(BridgeTokenType, Encoding.UTF8.GetBytes(grant.Token)),

                // Same rule as the gateway: audio older than this is dropped, not queued behind a slow link.
                DefaultDeliveryTimeout = Moqt.Audio.VoiceTracks.DefaultDeliveryTimeout,
            };
            return await MoqtSession.ConnectAsync(transport, origin, sessionOptions, cancellationToken: ct).ConfigureAwait(false);
        }
        catch (MoqtException e) when (AudioBridgeException.IsFinal((ulong)e.Code, e.Message))
        {
            // The gateway's refusal overtook its SERVER_SETUP.
            await transport.DisposeAsync().ConfigureAwait(false);
            throw new AudioBridgeException((ulong)e.Code, e.Message);
        }
        catch
        {
            await transport.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private sealed record BridgeTokenData(string Token, string Sid, string Role, string Path, DateTimeOffset ExpiresAt);
}
