using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using ClutchCall.Runtime.Channels;

namespace ClutchCall.Runtime.Messaging;

/// <summary>The caller's side of a connection to one silo: requests multiplexed by correlation id.</summary>
internal sealed class SiloConnection : IAsyncDisposable
{
    private readonly FrameConnection _frames;
    private readonly ConcurrentDictionary<ulong, TaskCompletionSource<GrainResponse>> _pending = new();
    private readonly ConcurrentDictionary<ulong, ChannelEnd> _channels = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _readLoop;
    private long _nextCorrelation;

    private SiloConnection(Socket socket, int maxFrameBytes)
    {
        _frames = new FrameConnection(socket, maxFrameBytes);
        _readLoop = Task.Run(async () =>
        {
            try
            {
                await _frames.ReadLoopAsync(OnFrame, _stop.Token);
            }
            finally
            {
                FailPending();
            }
        });
    }

    public bool IsClosed => _frames.IsClosed;

    public static async Task<SiloConnection> ConnectAsync(string endpoint, int maxFrameBytes, CancellationToken ct)
    {
        var ep = IPEndPoint.Parse(endpoint);
        var socket = new Socket(ep.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(ep, ct);
            return new SiloConnection(socket, maxFrameBytes);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends a request and waits for its response.</summary>
    /// <exception cref="SiloConnectionLostException">The connection broke; Sent tells whether the request left this process.</exception>
    public Task<GrainResponse> SendAsync(GrainRequest request, CancellationToken ct) =>
        SendAsync(FrameKind.Request, (ulong)Interlocked.Increment(ref _nextCorrelation), request, ct);

    /// <summary>Opens a channel; on anything but Ok the end is left unconnected and can be dropped.</summary>
    public async Task<GrainResponse> OpenChannelAsync(GrainRequest open, ChannelEnd end, CancellationToken ct)
    {
        var id = (ulong)Interlocked.Increment(ref _nextCorrelation);
        end.Connect(
            frame => TrySend(w => MessageCodec.WriteChannelData(w, id, frame.Span)),
            reason =>
            {
                _channels.TryRemove(id, out _);
                TrySend(w => MessageCodec.WriteChannelClose(w, id, reason));
            });
        _channels[id] = end;
        try
        {
            var response = await SendAsync(FrameKind.ChannelOpen, id, open, ct);
            if (response.Status != ResponseStatus.Ok)
            {
                _channels.TryRemove(id, out _);
            }
            return response;
        }
        catch
        {
            _channels.TryRemove(id, out _);
            throw;
        }
    }

    private bool TrySend(Action<System.IO.Pipelines.PipeWriter> write)
    {
        try
        {
            _frames.Send(write);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private async Task<GrainResponse> SendAsync(FrameKind kind, ulong correlation, GrainRequest request, CancellationToken ct)
    {
        var pending = new TaskCompletionSource<GrainResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[correlation] = pending;
        try
        {
            try
            {
                _frames.Send(w => MessageCodec.WriteRequest(w, kind, correlation, request));
            }
            catch (IOException e)
            {
                throw new SiloConnectionLostException(sent: false, e);
            }
            if (_frames.IsClosed && !pending.Task.IsCompleted)
            {
                FailPending();
            }
            return await pending.Task.WaitAsync(ct);
        }
        finally
        {
            _pending.TryRemove(correlation, out _);
        }
    }

    private void OnFrame(FrameKind kind, ulong correlation, object message)
    {
        switch (kind)
        {
            case FrameKind.Response when _pending.TryRemove(correlation, out var pending):
                pending.TrySetResult((GrainResponse)message);
                break;
            case FrameKind.ChannelData when _channels.TryGetValue(correlation, out var end):
                end.Deliver(((ChannelData)message).Frame);
                break;
            case FrameKind.ChannelClose when _channels.TryRemove(correlation, out var end):
                end.Finish(((ChannelClose)message).Reason);
                break;
        }
    }

    private void FailPending()
    {
        foreach (var id in _channels.Keys)
        {
            if (_channels.TryRemove(id, out var end))
            {
                end.Finish(ChannelCloseReason.ConnectionLost);
            }
        }
        foreach (var key in _pending.Keys)
        {
            if (_pending.TryRemove(key, out var pending))
            {
                pending.TrySetException(new SiloConnectionLostException(sent: true, null));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _frames.DisposeAsync();
        await _readLoop;
        _stop.Dispose();
    }
}

internal sealed class SiloConnectionLostException(bool sent, Exception? inner)
    : IOException(sent ? "The silo connection broke after the request was sent." : "The request could not be sent.", inner)
{
    public bool Sent { get; } = sent;
}
