namespace ClutchCall.Agents.Corpus;

/// <summary>A mono 8 kHz track that clips are placed on at millisecond offsets.</summary>
public sealed class Track(int durationMs)
{
    public short[] Samples { get; } = new short[durationMs * ClipSynthesizer.SampleRate / 1000];

    /// <summary>Adds <paramref name="clip"/> at <paramref name="atMs"/> with a gain; returns where it ends (ms).</summary>
    public int Place(short[] clip, int atMs, double gainDb)
    {
        double gain = Math.Pow(10, gainDb / 20);
        int start = atMs * ClipSynthesizer.SampleRate / 1000;
        for (int i = 0; i < clip.Length && start + i < Samples.Length; i++)
        {
            Samples[start + i] = Saturate(Samples[start + i] + clip[i] * gain);
        }

        return atMs + clip.Length * 1000 / ClipSynthesizer.SampleRate;
    }

    public static short Saturate(double value) => (short)Math.Clamp(Math.Round(value), short.MinValue, short.MaxValue);
}
