using System.Threading.Channels;
using ClutchCall.Sip.Sdp;

namespace ClutchCall.Sip.Rtp;

/// <summary>
/// The small interface the gateway uses to move audio: encoded frames in and out in the negotiated codec,
/// DTMF digits out as RFC 4733 events (received digits surface as call events). Decoding and jitter buffering belong to the media core.
/// </summary>
public interface IRtpMediaChannel
{
    SdpCodec Codec { get; }

    /// <summary>Received audio payloads in arrival order.</summary>
    ChannelReader<RtpFrame> Frames { get; }

    /// <summary>Sends one encoded frame covering <paramref name="samples"/> samples at the codec clock rate.</summary>
    ValueTask SendFrameAsync(ReadOnlyMemory<byte> payload, int samples, CancellationToken cancellationToken = default);

    /// <summary>Sends digits as telephone-events (each <paramref name="durationMs"/> long, paced in real time).</summary>
    Task SendDigitsAsync(string digits, int durationMs = 100, CancellationToken cancellationToken = default);
}
