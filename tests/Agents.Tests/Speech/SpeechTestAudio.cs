using System.Runtime.InteropServices;
using ClutchCall.Agents.Speech;

namespace ClutchCall.Agents.Tests.Speech;

/// <summary>Real espeak-ng speech for the recognizer and session tests, with the silence a caller leg has around words.</summary>
internal static class SpeechTestAudio
{
    /// <summary>One synthesizer for the test run, so phrases used by several tests are spoken once.</summary>
    public static EspeakSynthesizer Synthesizer { get; } = new();

    public static async Task<short[]> SpeakAsync(string text, int sampleRate, double silenceSeconds = 0.4)
    {
        short[] speech = await Synthesizer.SynthesizeAsync(text, sampleRate, voice: null, CancellationToken.None);
        int pad = (int)(silenceSeconds * sampleRate);
        var padded = new short[speech.Length + (2 * pad)];
        speech.CopyTo(padded, pad);
        return padded;
    }

    /// <summary>Feeds <paramref name="pcm"/> in 20 ms frames, as the media loop does.</summary>
    public static void FeedFrames(Action<short[]> sink, short[] pcm, int sampleRate)
    {
        int frame = sampleRate / 50;
        for (int offset = 0; offset < pcm.Length; offset += frame)
        {
            sink(pcm.AsSpan(offset, Math.Min(frame, pcm.Length - offset)).ToArray());
        }
    }

    public static bool PocketSphinxInstalled =>
        NativeLibrary.TryLoad("libpocketsphinx.so.3", out nint handle) && Free(handle);

    private static bool Free(nint handle)
    {
        NativeLibrary.Free(handle);
        return true;
    }
}

/// <summary>A fact that is skipped, with the reason printed, only when the pocketsphinx library is not installed.</summary>
public sealed class PocketSphinxFactAttribute : FactAttribute
{
    public PocketSphinxFactAttribute()
    {
        if (!SpeechTestAudio.PocketSphinxInstalled)
        {
            Skip = "libpocketsphinx.so.3 is not installed (apt-get install libpocketsphinx3 pocketsphinx-en-us)";
        }
    }
}
