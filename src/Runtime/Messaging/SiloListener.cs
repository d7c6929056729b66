using System.Collections.Concurrent;
using System.Net;
using ClutchCall.Runtime.Channels;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClutchCall.Runtime.Messaging;

/// <summary>
/// Accepts connections from gateways and other silos. A private binary protocol over raw TCP with Pipelines:
/// no HTTP framing per call, full duplex, one connection per peer (docs/design/messaging.md).
/// </summary>
internal sealed partial class SiloListener : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly IGrainRequestHandler _handler;
    private readonly ILogger<SiloListener> _log;
    private readonly int _maxFrameBytes;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<FrameConnection> _connections = [];
    private Task? _acceptLoop;

    public SiloListener(IGrainRequestHandler handler, IOptions<ClusterOptions> cluster, IOptions<MessagingOptions> messaging, ILogger<SiloListener> log)
    {
        _handler = handler;
        _log = log;
        _maxFrameBytes = messaging.Value.MaxFrameBytes;
        var address = IPAddress.Parse(cluster.Value.ListenAddress);
        _socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        _socket.Bind(new IPEndPoint(address, cluster.Value.SiloPort));
        _socket.Listen(512);
        var advertised = cluster.Value.AdvertisedAddress ?? cluster.Value.ListenAddress;
        Endpoint = new IPEndPoint(IPAddress.Parse(advertised), ((IPEndPoint)_socket.LocalEndPoint!).Port).ToString();
    }

    /// <summary>"address:port" other processes dial.</summary>
    public string Endpoint { get; }

    public void Start() => _acceptLoop = Task.Run(AcceptLoopAsync);

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                break;
            }
            var connection = new FrameConnection(client, _maxFrameBytes);
            lock (_connections)
            {
                _connections.Add(connection);
            }
            _ = Task.Run(() => ServeAsync(connection));
        }
    }

    private async Task ServeAsync(FrameConnection connection)
    {
        var channels = new ConcurrentDictionary<ulong, ChannelEnd>();
        await connection.ReadLoopAsync((kind, correlation, message) =>
        {
            switch (kind)
            {
                case FrameKind.Request:
                    _ = RespondAsync(connection, correlation, (GrainRequest)message);
                    break;
                case FrameKind.ChannelOpen:
                    _ = OpenChannelAsync(connection, channels, correlation, (GrainRequest)message);
                    break;
                case FrameKind.ChannelData when channels.TryGetValue(correlation, out var end):
                    end.Deliver(((ChannelData)message).Frame);
                    break;
                case FrameKind.ChannelClose when channels.TryRemove(correlation, out var end):
                    end.Finish(((ChannelClose)message).Reason);
                    break;
            }
        }, _stop.Token);
        foreach (var end in channels.Values)
        {
            end.Finish(ChannelCloseReason.ConnectionLost);
        }
        lock (_connections)
        {
            _connections.Remove(connection);
        }
    }

    private async Task OpenChannelAsync(FrameConnection connection, ConcurrentDictionary<ulong, ChannelEnd> channels, ulong id, GrainRequest open)
    {
        var end = new ChannelEnd(open.Grain, open.Method, 0);
        end.Connect(
            frame => TrySend(connection, w => MessageCodec.WriteChannelData(w, id, frame.Span)),
            reason =>
            {
                channels.TryRemove(id, out _);
                TrySend(connection, w => MessageCodec.WriteChannelClose(w, id, reason));
            });
        // Registered before the grain accepts, so frames the caller sends right after opening are kept.
        channels[id] = end;
        GrainResponse response;
        try
        {
            response = await _handler.OpenChannelAsync(open, end);
        }
        catch (Exception e)
        {
            LogHandlerFailed(e, open.Grain.ToString(), open.Method);
            response = GrainResponse.Of(ResponseStatus.Unavailable);
        }
        if (response.Status != ResponseStatus.Ok && channels.TryRemove(id, out _))
        {
            end.Finish(ChannelCloseReason.Refused);
        }
        TrySend(connection, w => MessageCodec.WriteResponse(w, id, response));
    }

    private static bool TrySend(FrameConnection connection, Action<System.IO.Pipelines.PipeWriter> write)
    {
        try
        {
            connection.Send(write);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private async Task RespondAsync(FrameConnection connection, ulong correlation, GrainRequest request)
    {
        GrainResponse response;
        try
        {
            response = await _handler.HandleAsync(request);
        }
        catch (Exception e)
        {
            LogHandlerFailed(e, request.Grain.ToString(), request.Method);
            response = GrainResponse.Of(ResponseStatus.Unavailable);
        }
        try
        {
            connection.Send(w => MessageCodec.WriteResponse(w, correlation, response));
        }
        catch (IOException)
        {
            // The caller went away; it will see its connection break.
        }
    }

    /// <summary>Stops accepting and drops every connection: callers see their requests fail and re-route.</summary>
    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _socket.Dispose();
        if (_acceptLoop is not null)
        {
            await _acceptLoop;
        }
        FrameConnection[] open;
        lock (_connections)
        {
            open = [.. _connections];
        }
        foreach (var c in open)
        {
            await c.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Serving {Grain}.{Method} failed")]
    private partial void LogHandlerFailed(Exception e, string grain, string method);
}
