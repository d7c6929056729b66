using System.IO.Pipelines;
using System.Net.Sockets;

namespace ClutchCall.Runtime.Messaging;

/// <summary>
/// One TCP connection carrying frames both ways. Writes are serialized; reads run on one loop that hands
/// each frame to the owner. Used by both ends: the listener's accepted sockets and the dialled ones.
/// </summary>
internal sealed class FrameConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly int _maxFrameBytes;
    private int _closed;

    public FrameConnection(Socket socket, int maxFrameBytes)
    {
        _socket = socket;
        _socket.NoDelay = true;
        var stream = new NetworkStream(socket, ownsSocket: true);
        _input = PipeReader.Create(stream);
        _output = PipeWriter.Create(stream);
        _maxFrameBytes = maxFrameBytes;
    }

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Reads frames until the peer closes or sends garbage; each frame goes to onFrame in order.</summary>
    public async Task ReadLoopAsync(Action<FrameKind, ulong, object> onFrame, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var result = await _input.ReadAsync(ct);
                var buffer = result.Buffer;
                while (MessageCodec.TryReadFrame(ref buffer, _maxFrameBytes, out var kind, out var correlation, out var message))
                {
                    onFrame(kind, correlation, message!);
                }
                _input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or InvalidDataException or ObjectDisposedException)
        {
            // A broken or hostile peer ends the connection; pending calls fail through the owner's cleanup.
        }
        finally
        {
            await DisposeAsync();
        }
    }

    public async Task SendAsync(Action<PipeWriter> write)
    {
        await _writeLock.WaitAsync();
        try
        {
            if (IsClosed)
            {
                throw new IOException("The connection is closed.");
            }
            write(_output);
            var flush = await _output.FlushAsync();
            if (flush.IsCompleted)
            {
                throw new IOException("The peer closed the connection.");
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
        await _input.CompleteAsync();
        await _output.CompleteAsync();
        _socket.Dispose();
    }
}
