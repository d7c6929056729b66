using System.Threading.Channels;
using ClutchCall.Media.Codecs;
using ClutchCall.Sip.Interop.Tests;
using Xunit.Abstractions;

namespace ClutchCall.SipEdge.Tests;

/// <summary>Real-audio judgements: envelope correlation with the reference speech, loudness, and a reversed-speech control.</summary>
public static class AudioChecks
{
    /// <param name="other">The audio of the other direction: what was heard must match the reference clearly better.</param>
    /// <param name="passes">The reference was played this many times, <see cref="EdgeHost.PassSeconds"/> apart: judge the best pass.</param>
    public static void AssertSounds(ITestOutputHelper output, short[] received, short[] reference, string label, short[]? other = null, int passes = 1)
    {
        if (passes > 1)
        {
            var refEnvelope = AudioFixtures.Envelope(reference);
            var candidates = Enumerable.Range(0, passes)
                .Select(k => received.AsSpan(Math.Min(received.Length, k * EdgeHost.PassSeconds * 8000)).ToArray())
                .Where(c => c.Length >= 4 * 8000)
                .Select(c => (Samples: c, Score: Similarity(refEnvelope, AudioFixtures.Envelope(c)).Correlation))
                .ToList();
            output.WriteLine($"{label}: pass correlations {string.Join(", ", candidates.Select(c => c.Score.ToString("F3")))}");
            received = candidates.Count == 0 ? received : candidates.MaxBy(c => c.Score).Samples;
        }
        var refEnv = AudioFixtures.Envelope(reference);
        var recEnv = AudioFixtures.Envelope(received);
        var (corr, lag) = Similarity(refEnv, recEnv);
        var start = Math.Clamp(lag * 160, 0, received.Length);
        var loud = AudioFixtures.Rms(received.AsSpan(start, Math.Min(received.Length - start, 3 * 8000)));
        // Control, as in the SIP interop tests: the same speech played backwards must not match.
        var reversed = reference.AsSpan(0, Math.Min(reference.Length, 6 * 8000)).ToArray();
        Array.Reverse(reversed);
        var (control, _) = AudioFixtures.BestEnvelopeCorrelation(AudioFixtures.Envelope(reversed), recEnv, 150, window: 150);
        static string Shape(double[] env) => string.Concat(env.Chunk(5).Select(c => c.Average() switch { < 100 => '.', < 1000 => 'o', _ => 'O' }));
        output.WriteLine($"{label} reference: {Shape(refEnv)[..Math.Min(80, refEnv.Length / 5)]}");
        output.WriteLine($"{label} received:  {Shape(recEnv)[..Math.Min(80, recEnv.Length / 5)]}");
        output.WriteLine($"{label}: {received.Length / 8000.0:F1} s, envelope correlation {corr:F3} at lag {lag * 20} ms, rms {loud:F0}, control (reversed) {control:F3}");
        Assert.True(received.Length >= 4 * 8000, $"{label}: only {received.Length} samples");
        Assert.True(corr > 0.8, $"{label}: envelope correlation {corr:F3}");
        Assert.True(loud > 500, $"{label}: rms {loud:F0}");
        Assert.True(control < corr - 0.3, $"{label}: control correlation {control:F3} too close to {corr:F3}");
        if (other is not null)
        {
            var (crossed, _) = Similarity(AudioFixtures.Envelope(other), recEnv);
            output.WriteLine($"{label}: correlation with the other direction's speech {crossed:F3}");
            Assert.True(crossed < corr - 0.3, $"{label}: the other direction's speech correlates {crossed:F3}, too close to {corr:F3}");
        }
    }

    /// <summary>
    /// How well the received loudness follows the reference: the better of one lag for the whole 4.5 s window, and two
    /// halves of the speech each at its own lag (a starved machine can stall the audio once, shifting the rest of it).
    /// </summary>
    private static (double Correlation, int Lag) Similarity(double[] reference, double[] received)
    {
        const int maxLag = 150;
        var whole = AudioFixtures.BestEnvelopeCorrelation(reference, received, maxLag, window: (int)(4.5 * 50));
        var onset = Math.Max(0, Array.FindIndex(reference, e => e > 500) - 10);
        if (onset + 220 > reference.Length)
        {
            return whole;
        }
        var first = AudioFixtures.BestEnvelopeCorrelation(reference[onset..], received, maxLag + onset, window: 110);
        var second = AudioFixtures.BestEnvelopeCorrelation(reference[(onset + 110)..], received, maxLag + onset + 110, window: 110);
        var halves = Math.Min(first.Correlation, second.Correlation);
        return halves > whole.Correlation ? (halves, first.Lag - onset) : whole;
    }

    /// <summary>
    /// Decodes µ-law frames (8-byte capture timestamp + payload, the bridge layout) for <paramref name="duration"/> and
    /// lays them out on the timeline their timestamps give: a frame the media loop dropped on a starved machine leaves
    /// 20 ms of silence instead of pulling the rest of the speech earlier.
    /// </summary>
    public static async Task<short[]> ReceiveMuLawAsync(ChannelReader<ReadOnlyMemory<byte>> frames, TimeSpan duration)
    {
        var received = new List<(long Us, short[] Pcm)>();
        using var cts = new CancellationTokenSource(duration);
        try
        {
            while (true)
            {
                var frame = await frames.ReadAsync(cts.Token);
                var payload = frame.Span[8..];
                var pcm = new short[payload.Length];
                G711.DecodeMuLaw(payload, pcm);
                received.Add((BitConverter.ToInt64(frame.Span[..8]), pcm));
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ChannelClosedException)
        {
        }
        if (received.Count == 0)
        {
            return [];
        }
        var origin = received[0].Us;
        var slots = (int)((received[^1].Us - origin) / 20_000) + 1;
        var timeline = new short[slots * 160];
        foreach (var (us, pcm) in received)
        {
            var slot = (int)Math.Round((us - origin) / 20_000.0);
            if (slot >= 0 && slot < slots)
            {
                pcm.AsSpan(0, Math.Min(pcm.Length, 160)).CopyTo(timeline.AsSpan(slot * 160));
            }
        }
        return timeline;
    }

    /// <summary>Sends speech as µ-law frames paced at 20 ms (with the bridge's timestamp prefix).</summary>
    public static async Task SendMuLawAsync(Func<ReadOnlyMemory<byte>, bool> send, short[] pcm, TimeSpan duration)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        var frames = (int)(duration.TotalMilliseconds / 20);
        for (var i = 0; i < frames && (i + 1) * 160 <= pcm.Length; i++)
        {
            var frame = new byte[8 + 160];
            BitConverter.TryWriteBytes(frame.AsSpan(0, 8), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000);
            G711.EncodeMuLaw(pcm.AsSpan(i * 160, 160), frame.AsSpan(8));
            send(frame);
            await timer.WaitForNextTickAsync();
        }
    }
}
