using System.Diagnostics.Metrics;
using ClutchCall.Media.Diagnostics;
using ClutchCall.Media.Jitter;

namespace ClutchCall.Media.Tests.Diagnostics;

public sealed class MediaMetricsTests
{
    [Fact]
    public void Jitter_buffer_events_reach_the_meter()
    {
        using var factory = new TestMeterFactory();
        var metrics = new MediaMetrics(factory);
        var seen = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MediaMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
            seen[instrument.Name] = seen.GetValueOrDefault(instrument.Name) + value);
        listener.Start();

        var jb = new JitterBuffer(new JitterBufferOptions { MinDelayMs = 40, InitialDelayMs = 40 }, metrics);
        var output = new byte[16];
        jb.Push(1, 0, [1], 0);
        jb.Push(1, 0, [1], 1);        // duplicate
        jb.Push(3, 320, [3], 2);
        jb.Pop(40, output);           // plays 1
        jb.Pop(60, output);           // 2 lost
        jb.Push(2, 160, [2], 61);     // late

        Assert.Equal(1, seen["clutchcall.media.jitter.duplicates"]);
        Assert.Equal(1, seen["clutchcall.media.jitter.lost"]);
        Assert.Equal(1, seen["clutchcall.media.jitter.late"]);
    }

    private sealed class TestMeterFactory : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
            _meters.Add(meter);
            return meter;
        }

        public void Dispose() => _meters.ForEach(m => m.Dispose());
    }
}
