using System.Buffers;
using System.Threading.Channels;

namespace ClutchCall.Moqt.Transport.Mux;

/// <summary>Two linked in-memory message links, for running a real session pair without sockets.</summary>
public sealed class InMemoryFrameLink : IFrameLink
{
    private readonly Channel<byte[]> _inbound;
    private readonly Channel<byte[]> _outbound;

    private InMemoryFrameLink(Channel<byte[]> inbound, Channel<byte[]> outbound)
    {
        _inbound = inbound;
        _outbound = outbound;
    }

    public static (InMemoryFrameLink Client, InMemoryFrameLink Server) CreatePair()
    {
        var toServer = Channel.CreateUnbounded<byte[]>(new() { SingleReader = true });
        var toClient = Channel.CreateUnbounded<byte[]>(new() { SingleReader = true });
        return (new InMemoryFrameLink(toClient, toServer), new InMemoryFrameLink(toServer, toClient));
    }

    /// <summary>A client and server transport joined in memory, both started.</summary>
    public static (MultiplexedTransport Client, MultiplexedTransport Server) CreateTransportPair()
    {
        var (client, server) = CreatePair();
        return (new MultiplexedTransport(client, isServer: false).Start(), new MultiplexedTransport(server, isServer: true).Start());
    }

    public ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        if (!_outbound.Writer.TryWrite(message.ToArray())) throw new IOException("in-memory link closed");
        return ValueTask.CompletedTask;
    }

    public async ValueTask<bool> ReceiveAsync(IBufferWriter<byte> destination, CancellationToken cancellationToken)
    {
        try
        {
            byte[] message = await _inbound.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            destination.Write(message);
            return true;
        }
        catch (ChannelClosedException)
        {
            return false;
        }
    }

    public ValueTask CloseAsync(CancellationToken cancellationToken)
    {
        _outbound.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _outbound.Writer.TryComplete();
        _inbound.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }
}
