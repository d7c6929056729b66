using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;

namespace ClutchCall.Runtime.Messaging;

/// <summary>
/// One TCP connection carrying frames both ways. Frames to send are queued and one writer loop drains the
/// queue, flushing once per batch (under load many frames share a syscall); reads run on one loop that hands
/// each frame to the owner. Used by both ends: the listener's accepted sockets and the dialled ones.
/// </summary>
internal sealed class FrameConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly Channel<Action<PipeWriter>> _outbound = Channel.CreateUnbounded<Action<PipeWriter>>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writeLoop;
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
        _writeLoop = Task.Run(WriteLoopAsync);
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

    /// <summary>Queues a frame. It leaves with the next flush; if the connection breaks first, the owner's read loop ends.</summary>
    /// <exception cref="IOException">The connection is already closed: the frame was not sent.</exception>
    public void Send(Action<PipeWriter> write)
    {
        if (IsClosed || !_outbound.Writer.TryWrite(write))
        {
            throw new IOException("The connection is closed.");
        }
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            while (await _outbound.Reader.WaitToReadAsync())
            {
                while (_outbound.Reader.TryRead(out var write))
                {
                    write(_output);
                }
                var flush = await _output.FlushAsync();
                if (flush.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
        }
        await DisposeAsync();
    }

    /// <summary>Closes both directions. Never throws: it runs from both loops and from owners, in any order.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }
        _outbound.Writer.TryComplete();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
        await CompleteQuietlyAsync(_input.CompleteAsync);
        await CompleteQuietlyAsync(_output.CompleteAsync);
        _socket.Dispose();
    }

    private static async Task CompleteQuietlyAsync(Func<Exception?, ValueTask> complete)
    {
        try
        {
            await complete(null);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // The peer or the other loop closed the stream first; nothing is left to flush.
        }
    }
}
