namespace ClutchCall.Media.Tests.Support;

/// <summary>Deterministic synthetic test signals.</summary>
internal static class Signals
{
    public static short[] Tone(int sampleRate, double hz, double seconds, double amplitude = 0.5, int channels = 1)
    {
        int frames = (int)(sampleRate * seconds);
        var samples = new short[frames * channels];
        for (int i = 0; i < frames; i++)
        {
            short v = (short)Math.Round(amplitude * short.MaxValue * Math.Sin(2 * Math.PI * hz * i / sampleRate));
            for (int c = 0; c < channels; c++)
            {
                samples[(i * channels) + c] = v;
            }
        }

        return samples;
    }

    /// <summary>Linear sweep from <paramref name="fromHz"/> to <paramref name="toHz"/>.</summary>
    public static short[] Chirp(int sampleRate, double fromHz, double toHz, double seconds, double amplitude = 0.5)
    {
        int n = (int)(sampleRate * seconds);
        var samples = new short[n];
        double k = (toHz - fromHz) / seconds;
        for (int i = 0; i < n; i++)
        {
            double t = (double)i / sampleRate;
            samples[i] = (short)Math.Round(amplitude * short.MaxValue * Math.Sin(2 * Math.PI * ((fromHz * t) + (k * t * t / 2))));
        }

        return samples;
    }

    /// <summary>
    /// Vowel-like signal: a 120-200 Hz glottal pulse train with syllable-rate amplitude modulation, filtered by
    /// two formant resonators. Stands in for speech where espeak is not wanted.
    /// </summary>
    public static short[] SpeechLike(int sampleRate, double seconds, int seed = 7)
    {
        var random = new Random(seed);
        int n = (int)(sampleRate * seconds);
        var output = new double[n];
        double phase = 0;
        (double b0, double a1, double a2) f1 = Resonator(sampleRate, 700, 130), f2 = Resonator(sampleRate, 1500, 200);
        double y1a = 0, y1b = 0, y2a = 0, y2b = 0;
        for (int i = 0; i < n; i++)
        {
            double t = (double)i / sampleRate;
            double pitch = 160 + (40 * Math.Sin(2 * Math.PI * 0.7 * t));
            phase += pitch / sampleRate;
            double excitation = phase >= 1 ? 1 : 0;
            phase -= Math.Floor(phase);
            excitation += 0.02 * ((random.NextDouble() * 2) - 1);
            double s1 = (f1.b0 * excitation) - (f1.a1 * y1a) - (f1.a2 * y1b);
            y1b = y1a; y1a = s1;
            double s2 = (f2.b0 * excitation) - (f2.a1 * y2a) - (f2.a2 * y2b);
            y2b = y2a; y2a = s2;
            double envelope = 0.55 + (0.45 * Math.Sin(2 * Math.PI * 4 * t));
            output[i] = envelope * (s1 + (0.6 * s2));
        }

        double peak = output.Max(Math.Abs);
        return output.Select(v => (short)Math.Round(v / peak * 0.6 * short.MaxValue)).ToArray();
    }

    public static short[] Interleave(short[] left, short[] right)
    {
        var stereo = new short[left.Length * 2];
        for (int i = 0; i < left.Length; i++)
        {
            stereo[2 * i] = left[i];
            stereo[(2 * i) + 1] = right[i];
        }

        return stereo;
    }

    private static (double B0, double A1, double A2) Resonator(int sampleRate, double hz, double bandwidth)
    {
        double r = Math.Exp(-Math.PI * bandwidth / sampleRate);
        double theta = 2 * Math.PI * hz / sampleRate;
        return (1 - r, -2 * r * Math.Cos(theta), r * r);
    }
}
