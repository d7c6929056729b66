using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace ClutchCall.Runtime.Messaging;

/// <summary>The caller's side of a connection to one silo: requests multiplexed by correlation id.</summary>
internal sealed class SiloConnection : IAsyncDisposable
{
    private readonly FrameConnection _frames;
    private readonly ConcurrentDictionary<ulong, TaskCompletionSource<GrainResponse>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _readLoop;
    private long _nextCorrelation;

    private SiloConnection(Socket socket, int maxFrameBytes)
    {
        _frames = new FrameConnection(socket, maxFrameBytes);
        _readLoop = Task.Run(async () =>
        {
            await _frames.ReadLoopAsync(OnFrame, _stop.Token);
            FailPending();
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
    public async Task<GrainResponse> SendAsync(GrainRequest request, CancellationToken ct)
    {
        var correlation = (ulong)Interlocked.Increment(ref _nextCorrelation);
        var pending = new TaskCompletionSource<GrainResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[correlation] = pending;
        try
        {
            try
            {
                _frames.Send(w => MessageCodec.WriteRequest(w, correlation, request));
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
        if (kind == FrameKind.Response && _pending.TryRemove(correlation, out var pending))
        {
            pending.TrySetResult((GrainResponse)message);
        }
    }

    private void FailPending()
    {
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
