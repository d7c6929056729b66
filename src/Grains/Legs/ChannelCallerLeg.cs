using ClutchCall.Grains.Interfaces;
using ClutchCall.Grains.Media;
using ClutchCall.Media;
using ClutchCall.Media.Codecs;
using ClutchCall.Runtime;

namespace ClutchCall.Grains.Legs;

/// <summary>
/// A real telephone leg as the media hub sees it: the uplink is the audio frames the SIP edge sends on the leg
/// channel (already paced by the edge's jitter buffer, one per 20 ms), the downlink goes back on the same channel.
/// The grain owns the channel; this leg only reads and writes frames. Driven by the media loop only.
/// </summary>
public sealed class ChannelCallerLeg : ICallerLeg
{
    /// <summary>More than 100 ms queued means the edge's clock runs ahead of ours: drop the oldest.</summary>
    public const int MaxQueuedFrames = 5;

    private const int HeardHistoryFrames = 5 * 50;

    private readonly IGrainChannel _channel;
    private readonly TimeProvider _time;
    private readonly short[] _pcm;
    private readonly int[] _heardRms = new int[HeardHistoryFrames];
    private readonly object _statsGate = new();
    private long _framesSent;
    private long _framesHeard;
    private long _dropped;
    private int _heardCount;

    public ChannelCallerLeg(IGrainChannel channel, AudioFormat format, TimeProvider time)
    {
        _channel = channel;
        _time = time;
        Format = format;
        _pcm = new short[format.SamplesPerFrame];
    }

    public AudioFormat Format { get; }

    public IGrainChannel Channel => _channel;

    public long Dropped => Interlocked.Read(ref _dropped);

    public bool TryProduce(Span<byte> destination, out int bytesWritten)
    {
        var incoming = _channel.Incoming;
        while (incoming.CanCount && incoming.Count > MaxQueuedFrames && incoming.TryRead(out _))
        {
            Interlocked.Increment(ref _dropped);
        }
        while (incoming.TryRead(out var frame))
        {
            if (LegFrames.TryParseAudio(frame, out _, out var payload) && payload.Length <= destination.Length)
            {
                payload.Span.CopyTo(destination);
                bytesWritten = payload.Length;
                Interlocked.Increment(ref _framesSent);
                return true;
            }
        }
        bytesWritten = 0;
        return false;
    }

    public void Hear(ReadOnlySpan<byte> encoded)
    {
        var timestampUs = CallMediaHub.UnixMicroseconds(_time.GetUtcNow());
        _channel.TrySend(LegFrames.Audio(timestampUs, encoded));
        var rms = Format.Codec switch
        {
            AudioCodec.G711Ulaw => DecodeRms(encoded, alaw: false),
            AudioCodec.G711Alaw => DecodeRms(encoded, alaw: true),
            _ => -1,
        };
        lock (_statsGate)
        {
            _framesHeard++;
            if (rms >= 0)
            {
                _heardRms[_heardCount % _heardRms.Length] = rms;
                _heardCount++;
            }
        }
    }

    private int DecodeRms(ReadOnlySpan<byte> encoded, bool alaw)
    {
        var pcm = _pcm.AsSpan(0, Math.Min(encoded.Length, _pcm.Length));
        if (alaw)
        {
            G711.DecodeALaw(encoded[..pcm.Length], pcm);
        }
        else
        {
            G711.DecodeMuLaw(encoded[..pcm.Length], pcm);
        }
        return SimulatedCallee.Rms(pcm);
    }

    public void Complete()
    {
    }

    public CallerLegStats Snapshot()
    {
        lock (_statsGate)
        {
            var kept = Math.Min(_heardCount, _heardRms.Length);
            var rms = new int[kept];
            for (var i = 0; i < kept; i++)
            {
                rms[i] = _heardRms[(_heardCount - kept + i) % _heardRms.Length];
            }
            return new CallerLegStats("sip", Format.ToString(), "pstn", Interlocked.Read(ref _framesSent), _framesHeard, rms);
        }
    }

    /// <summary>The grain owns the channel (it outlives a leg swap on the hub), so there is nothing to release here.</summary>
    public void Dispose()
    {
    }
}
