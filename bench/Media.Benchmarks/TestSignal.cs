namespace ClutchCall.Media.Benchmarks;

/// <summary>A deterministic speech-like signal (voiced harmonics with syllable-rate modulation and a little noise).</summary>
internal static class TestSignal
{
    public static short[] SpeechLike(int sampleRate, int samples)
    {
        var random = new Random(42);
        var output = new short[samples];
        for (int i = 0; i < samples; i++)
        {
            double t = (double)i / sampleRate;
            double f0 = 150 + (30 * Math.Sin(2 * Math.PI * 0.8 * t));
            double voiced = 0;
            for (int h = 1; h <= 12; h++)
            {
                double hz = f0 * h;
                if (hz < sampleRate / 2.2)
                {
                    voiced += Math.Sin(2 * Math.PI * hz * t) / h;
                }
            }

            double envelope = 0.5 + (0.5 * Math.Sin(2 * Math.PI * 4 * t));
            output[i] = (short)(8000 * ((envelope * voiced) + (0.05 * ((random.NextDouble() * 2) - 1))));
        }

        return output;
    }
}
