using System.Net.WebSockets;
using ClutchCall.Moqt.Coding;
using ClutchCall.Moqt.Model;
using ClutchCall.Moqt.Session;
using ClutchCall.Moqt.Transport.Mux;
using ClutchCall.Moqt.Transport.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClutchCall.Moqt.Hosting;

/// <summary>Serves MoQT over WebSocket (subprotocol "webtransport", the moq JS polyfill framing) on a Kestrel route.</summary>
public static class MoqtEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <paramref name="pattern"/> to a MoQT endpoint; requires <c>app.UseWebSockets()</c>. Each connection gets its
    /// own session. <paramref name="onSetup"/> runs right after the setup exchange and before any request of the peer is
    /// processed: authorize there (read <see cref="MoqtSession.PeerClientSetup"/> or the <c>?jwt=</c> query; throw
    /// <see cref="MoqtException"/> with <see cref="MoqtErrorCode.Unauthorized"/> to refuse) and publish the broadcasts the
    /// peer may subscribe to into <see cref="MoqtSession.Origin"/>. Then <paramref name="handler"/> runs; the session is
    /// closed when it returns.
    /// </summary>
    public static IEndpointConventionBuilder MapMoqt(this IEndpointRouteBuilder endpoints, string pattern, Func<MoqtSession, HttpContext, Task> handler, Func<MoqtSession, HttpContext, ValueTask>? onSetup = null)
    {
        return endpoints.Map(pattern, context => AcceptAsync(context, handler, onSetup));
    }

    private static async Task AcceptAsync(HttpContext context, Func<MoqtSession, HttpContext, Task> handler, Func<MoqtSession, HttpContext, ValueTask>? onSetup)
    {
        if (!context.WebSockets.IsWebSocketRequest || !context.WebSockets.WebSocketRequestedProtocols.Contains(WebSocketFrameLink.SubProtocol))
        {
            await Results.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "MoQT needs a WebSocket upgrade",
                detail: $"Connect with a WebSocket offering the '{WebSocketFrameLink.SubProtocol}' subprotocol.").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        IServiceProvider services = context.RequestServices;
        ILoggerFactory loggers = services.GetRequiredService<ILoggerFactory>();
        MoqtSessionOptions options = services.GetService<IOptions<MoqtSessionOptions>>()?.Value ?? new MoqtSessionOptions();
        TimeProvider time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        ILogger logger = loggers.CreateLogger("ClutchCall.Moqt.Session");

        WebSocket socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            SubProtocol = WebSocketFrameLink.SubProtocol,
            KeepAliveInterval = TimeSpan.Zero, // unsolicited pongs break the Rust side of the polyfill
        }).ConfigureAwait(false);

        var transport = new MultiplexedTransport(new WebSocketFrameLink(socket), isServer: true, loggers.CreateLogger<MultiplexedTransport>(), time).Start();
        MoqtSession session;
        try
        {
            session = await MoqtSession.AcceptAsync(transport, new MoqtOrigin(), options, logger, time, services.GetService<MoqtMetrics>(), start: false, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is MoqtException or OperationCanceledException or IOException or WebSocketException)
        {
            await transport.DisposeAsync().ConfigureAwait(false);
            return;
        }

        MoqtSessions? live = services.GetService<MoqtSessions>();
        await using (session.ConfigureAwait(false))
        {
            live?.Add(session);
            try
            {
                if (onSetup is not null) await onSetup(session, context).ConfigureAwait(false);
                session.Start();
                await handler(session, context).ConfigureAwait(false);
            }
            catch (MoqtException ex)
            {
                await session.CloseAsync(ex.Code, ex.Message).ConfigureAwait(false);
            }
            finally
            {
                live?.Remove(session);
            }
        }
    }
}
