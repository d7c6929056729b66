using System.Diagnostics.Metrics;

namespace ClutchCall.Media.Diagnostics;

/// <summary>
/// Media counters on the <c>ClutchCall.Media</c> meter. One instance per process (from DI via
/// <see cref="IMeterFactory"/>), shared by every jitter buffer and transcoder; instruments carry no tags so
/// recording on the audio path never allocates.
/// </summary>
public sealed class MediaMetrics
{
    public const string MeterName = "ClutchCall.Media";

    public MediaMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Meter meter = meterFactory.Create(MeterName);
        JitterLost = meter.CreateCounter<long>("clutchcall.media.jitter.lost", "{packet}", "Packets never received in time; concealed");
        JitterLate = meter.CreateCounter<long>("clutchcall.media.jitter.late", "{packet}", "Packets that arrived after their playout time");
        JitterDuplicates = meter.CreateCounter<long>("clutchcall.media.jitter.duplicates", "{packet}", "Duplicate packets dropped");
        JitterDiscarded = meter.CreateCounter<long>("clutchcall.media.jitter.discarded", "{packet}", "Packets dropped to keep latency within bounds");
        JitterTargetDelay = meter.CreateHistogram<int>("clutchcall.media.jitter.target_delay", "ms", "Adaptive target playout delay");
        TranscoderCorruptPackets = meter.CreateCounter<long>("clutchcall.media.transcoder.corrupt_packets", "{packet}", "Undecodable packets, concealed");
        TranscoderDroppedSamples = meter.CreateCounter<long>("clutchcall.media.transcoder.dropped_samples", "{sample}", "Output dropped because frames were not drained");
    }

    public Counter<long> JitterLost { get; }
    public Counter<long> JitterLate { get; }
    public Counter<long> JitterDuplicates { get; }
    public Counter<long> JitterDiscarded { get; }
    public Histogram<int> JitterTargetDelay { get; }
    public Counter<long> TranscoderDroppedSamples { get; }
    public Counter<long> TranscoderCorruptPackets { get; }
}
