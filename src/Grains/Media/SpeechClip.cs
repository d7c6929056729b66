namespace ClutchCall.Grains.Media;

/// <summary>8 kHz mono PCM16 the simulated callee plays, and where it came from ("espeak-ng" or "tone").</summary>
public sealed record SpeechClip(short[] Samples, string Voice)
{
    public const int SampleRate = 8000;
}
