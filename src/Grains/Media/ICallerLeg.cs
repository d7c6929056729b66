using ClutchCall.Media;

namespace ClutchCall.Grains.Media;

/// <summary>
/// The PSTN party as the media hub sees it: it produces the uplink and hears the downlink, one frame per 20 ms tick,
/// in its own format. Called only from the hub's media loop (single-threaded).
/// </summary>
public interface ICallerLeg : IDisposable
{
    AudioFormat Format { get; }

    /// <summary>Encodes this tick's uplink frame into <paramref name="destination"/>; false when the leg has nothing to send.</summary>
    bool TryProduce(Span<byte> destination, out int bytesWritten);

    /// <summary>One encoded downlink frame for the leg to play.</summary>
    void Hear(ReadOnlySpan<byte> encoded);

    /// <summary>The call ended: flush whatever the leg keeps (a recording).</summary>
    void Complete();

    /// <summary>Thread-safe snapshot for diagnostics.</summary>
    Grains.Interfaces.CallerLegStats Snapshot();
}
