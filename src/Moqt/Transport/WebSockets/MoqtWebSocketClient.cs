using System.Net.WebSockets;
using ClutchCall.Moqt.Transport.Mux;
using Microsoft.Extensions.Logging;

namespace ClutchCall.Moqt.Transport.WebSockets;

/// <summary>Connects to a MoQT server over WebSocket with the "webtransport" subprotocol (the JS polyfill's framing).</summary>
public static class MoqtWebSocketClient
{
    /// <summary>Opens the WebSocket and returns a started client transport. http(s) URIs are mapped to ws(s).</summary>
    public static async Task<MultiplexedTransport> ConnectAsync(Uri uri, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(WebSocketFrameLink.SubProtocol);

        // Unsolicited pongs break the Rust server side of the polyfill: no keep-alive frames at all.
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        try
        {
            await socket.ConnectAsync(ToWebSocketUri(uri), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        if (socket.SubProtocol != WebSocketFrameLink.SubProtocol)
        {
            socket.Abort();
            socket.Dispose();
            throw new WebSocketException($"server did not accept the {WebSocketFrameLink.SubProtocol} subprotocol");
        }

        return new MultiplexedTransport(new WebSocketFrameLink(socket), isServer: false, logger).Start();
    }

    public static Uri ToWebSocketUri(Uri uri)
    {
        var builder = new UriBuilder(uri);
        builder.Scheme = uri.Scheme switch
        {
            "https" => "wss",
            "http" => "ws",
            "ws" or "wss" => uri.Scheme,
            _ => throw new ArgumentException($"unsupported scheme {uri.Scheme}", nameof(uri)),
        };
        if (uri.IsDefaultPort) builder.Port = -1;
        return builder.Uri;
    }
}
