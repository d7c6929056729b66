using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace ClutchCall.Sip.Transport;

/// <summary>One TCP connection: a pipe reader for framing and a serialised writer.</summary>
internal sealed class TcpSipConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private int _disposed;

    public TcpSipConnection(Socket socket, Stream stream)
    {
        _socket = socket;
        _stream = stream;
        Remote = (IPEndPoint)socket.RemoteEndPoint!;
        Input = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
    }

    public IPEndPoint Remote { get; }
    public PipeReader Input { get; }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct);
        try { await _stream.WriteAsync(data, ct); }
        catch (IOException ex) { throw new SipTransportException($"TCP write to {Remote} failed", ex); }
        finally { _writeLock.Release(); }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        try { _socket.Shutdown(SocketShutdown.Both); } catch (SocketException) { } catch (ObjectDisposedException) { }
        await Input.CompleteAsync();
        await _stream.DisposeAsync();
    }
}
