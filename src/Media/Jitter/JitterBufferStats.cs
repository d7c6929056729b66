namespace ClutchCall.Media.Jitter;

/// <summary>Counters and gauges of one jitter buffer, for metrics and call quality reports.</summary>
public readonly record struct JitterBufferStats(
    long Received,
    long Played,
    long Lost,
    long Late,
    long Duplicates,
    long Discarded,
    long Concealed,
    long Resyncs,
    int DepthMs,
    int TargetDelayMs,
    double JitterMs)
{
    /// <summary>Lost packets over packets due so far (played + lost).</summary>
    public double LossRatio => Played + Lost == 0 ? 0 : (double)Lost / (Played + Lost);
}
