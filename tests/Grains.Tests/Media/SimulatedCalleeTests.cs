using ClutchCall.Grains.Media;
using ClutchCall.Media.Codecs;

namespace ClutchCall.Grains.Tests.Media;

public sealed class SimulatedCalleeTests
{
    private static double[] SpokenLevels(SimulatedCallee callee, int frames)
    {
        var encoded = new byte[160];
        var pcm = new short[160];
        var levels = new double[frames];
        for (var i = 0; i < frames; i++)
        {
            Assert.True(callee.TryProduce(encoded, out var n));
            Assert.Equal(160, n);
            G711.DecodeMuLaw(encoded, pcm);
            levels[i] = AudioProbe.Rms(pcm);
        }
        return levels;
    }

    [Fact]
    public void The_clip_loops_with_a_pause_at_one_frame_per_tick()
    {
        var clip = new SpeechClip(AudioProbe.Tone(500, 8000, 3 * 160), "test");
        using var callee = new SimulatedCallee("CA_loop", Task.FromResult(clip), new SimulatedCalleeOptions { PauseMs = 40 });

        var loud = SpokenLevels(callee, 10).Select(rms => rms > 3000).ToArray();

        Assert.Equal([true, true, true, false, false, true, true, true, false, false], loud);
        Assert.Equal(10, callee.Snapshot().FramesSent);
    }

    [Fact]
    public void It_is_silent_until_the_clip_is_ready_and_keeps_only_the_last_seconds_of_levels()
    {
        var clip = new TaskCompletionSource<SpeechClip>();
        using var callee = new SimulatedCallee("CA_wait", clip.Task, new SimulatedCalleeOptions { HeardHistorySeconds = 1 });
        Assert.All(SpokenLevels(callee, 3), rms => Assert.Equal(0, rms, 1));
        Assert.Equal("pending", callee.Snapshot().Voice);

        var encoded = new byte[160];
        for (var i = 0; i < 60; i++)
        {
            G711.EncodeMuLaw(AudioProbe.Tone(1000, 8000, 160, amplitude: i * 100), encoded);
            callee.Hear(encoded);
        }
        clip.SetResult(new SpeechClip(AudioProbe.Tone(500, 8000, 160), "test"));

        var stats = callee.Snapshot();
        Assert.Equal(("test", 60L), (stats.Voice, stats.FramesHeard));
        Assert.Equal(50, stats.HeardRms.Count); // one second of 20 ms frames, oldest first
        Assert.InRange(stats.HeardRms[0], 10 * 100 / Math.Sqrt(2) * 0.9, 10 * 100 / Math.Sqrt(2) * 1.1);
        Assert.True(stats.HeardRms[^1] > stats.HeardRms[0]);
        Assert.True(SpokenLevels(callee, 1)[0] > 3000);
    }

    [Fact]
    public void The_fallback_voice_has_a_speech_like_on_off_rhythm()
    {
        var pattern = SpeechClipSource.TonePattern();
        var levels = Enumerable.Range(0, pattern.Length / 160).Select(i => AudioProbe.Rms(pattern.AsSpan(i * 160, 160))).ToArray();
        Assert.InRange(levels.Count(l => l > 3000), levels.Length / 2, levels.Length - 1);
        Assert.Contains(levels, l => l < 100);
    }
}
