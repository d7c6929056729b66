using ClutchCall.Moqt.Model;

namespace ClutchCall.Moqt.Audio;

/// <summary>
/// The audio mapping of a voice track: each 20 ms frame is its own group holding one object, which the session sends
/// on its own stream (no head-of-line blocking between frames), stamped with its capture time in microseconds.
/// Late frames are dropped by the delivery timeout, never queued behind newer ones.
/// </summary>
public sealed class AudioFrameWriter(TrackProducer track, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public TrackProducer Track { get; } = track;

    /// <summary>Publishes one encoded frame captured now (or at <paramref name="capturedAt"/>); returns its group sequence.</summary>
    public ulong Write(ReadOnlyMemory<byte> frame, DateTimeOffset? capturedAt = null)
    {
        ulong micros = MoqtFrame.ToMicros(capturedAt ?? _time.GetUtcNow());
        return Track.WriteFrame(new MoqtFrame(frame, micros)).Sequence;
    }

    public void Close() => Track.Close();
}

/// <summary>Reads the frames of a voice track in order, skipping any that arrive older than the delivery timeout.</summary>
public sealed class AudioFrameReader(TrackConsumer consumer, TimeSpan? deliveryTimeout = null, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly TimeSpan _timeout = deliveryTimeout ?? VoiceTracks.DefaultDeliveryTimeout;

    /// <summary>Frames dropped because they were stale on arrival.</summary>
    public long Dropped { get; private set; }

    public async IAsyncEnumerable<MoqtFrame> ReadAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (MoqtFrame frame in consumer.ReadFramesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (frame.HasCaptureTimestamp && _time.GetUtcNow() - MoqtFrame.FromMicros(frame.CaptureTimestampMicros) > _timeout)
            {
                Dropped++;
                continue;
            }

            yield return frame;
        }
    }
}
