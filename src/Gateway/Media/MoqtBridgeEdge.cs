using ClutchCall.Moqt.Coding;
using ClutchCall.Moqt.Session;
using ClutchCall.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClutchCall.Gateway.Media;

/// <summary>
/// The gateway's MoQT endpoint (<c>/moq</c>, WebSocket subprotocol <c>webtransport</c>). Setup authorizes the bridge
/// token, reads the wanted format from the query, publishes ("voice", sid) with the role's served track and opens the
/// grain channel, all before the peer's first SUBSCRIBE is read; the handler then relays until either side ends.
/// </summary>
internal static class MoqtBridgeEdge
{
    public const string Path = "/moq";

    private const string RelayItem = "clutchcall.bridge.relay";

    public static async ValueTask OnSetupAsync(MoqtSession session, HttpContext http)
    {
        var services = http.RequestServices;
        var metrics = services.GetRequiredService<BridgeMetrics>();
        var grant = await services.GetRequiredService<BridgeAuthorizer>().AuthorizeAsync(session, http).ConfigureAwait(false);
        var (format, error) = BridgeFormat.FromQuery(http.Request.Query);
        if (format is null)
        {
            metrics.Refused("format");
            throw new MoqtException(MoqtErrorCode.InvalidPath, "bad audio format: " + error);
        }
        session.Origin.GetOrCreate(Moqt.Audio.VoiceTracks.Namespace(grant.Sid)).GetOrCreateTrack(grant.Role.ServedTrack());
        var relay = await BridgeRelay.OpenAsync(
            services.GetRequiredService<IGrainChannelFactory>(),
            grant,
            format,
            services.GetRequiredService<TimeProvider>(),
            metrics,
            services.GetRequiredService<ILoggerFactory>().CreateLogger<BridgeRelay>(),
            http.RequestAborted).ConfigureAwait(false);
        // Whatever happens to the session from here, the channel is closed with the request.
        http.Response.RegisterForDisposeAsync(relay);
        http.Items[RelayItem] = relay;
    }

    public static Task HandleAsync(MoqtSession session, HttpContext http) =>
        http.Items[RelayItem] is BridgeRelay relay ? relay.RunAsync(session, http.RequestAborted) : session.Completion;
}
