namespace ClutchCall.Media.Wav;

/// <summary>Interleaved 16-bit PCM with its rate and channel count, as read from or written to a WAV file.</summary>
public sealed record WavAudio(int SampleRate, int Channels, short[] Samples)
{
    public TimeSpan Duration => TimeSpan.FromSeconds((double)Samples.Length / Channels / SampleRate);
}
