using ClutchCall.Grains.Media;

namespace ClutchCall.Grains.Tests.Media;

/// <summary>An in-process party for hub tests: keeps what it hears (16 kHz frames) and speaks a 1 kHz tone.</summary>
internal sealed class ToneAgent : IMixParticipant
{
    private int _phase;

    public List<short[]> Heard { get; } = [];

    /// <summary>Ticks on which the hub had no caller audio for it.</summary>
    public int Silent { get; private set; }

    public int Completed { get; private set; }

    /// <summary>Everything heard, as one signal.</summary>
    public short[] HeardSamples => [.. Heard.SelectMany(f => f)];

    public void Hear(ReadOnlySpan<short> callerPcm, long timestampUs)
    {
        if (callerPcm.IsEmpty)
        {
            Silent++;
        }
        else
        {
            Heard.Add(callerPcm.ToArray());
        }
    }

    public bool TrySpeak(Span<short> pcm, long timestampUs)
    {
        AudioProbe.Tone(1000, 16000, pcm.Length, 6000, _phase).CopyTo(pcm);
        _phase += pcm.Length;
        return true;
    }

    public void Complete() => Completed++;
}
