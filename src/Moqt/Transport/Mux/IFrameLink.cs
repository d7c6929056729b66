using System.Buffers;

namespace ClutchCall.Moqt.Transport.Mux;

/// <summary>A message-oriented link (a WebSocket, or an in-memory pipe): each message carries one polyfill frame.</summary>
public interface IFrameLink : IAsyncDisposable
{
    /// <summary>Sends one message. Callers never overlap sends.</summary>
    ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken);

    /// <summary>Appends the next whole message to <paramref name="destination"/>; false once the link is closed.</summary>
    ValueTask<bool> ReceiveAsync(IBufferWriter<byte> destination, CancellationToken cancellationToken);

    /// <summary>Closes the link after the last frame was sent.</summary>
    ValueTask CloseAsync(CancellationToken cancellationToken);
}
