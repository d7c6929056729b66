namespace ClutchCall.Media.Mixing;

/// <summary>
/// Mixes one frame per party into one frame per listener, following a <see cref="RoutingMatrix"/> and per-party
/// gains. Sums in 32-bit and saturates to 16-bit, so loud parties clip cleanly instead of wrapping around.
/// Inputs and outputs are party-major: party p's frame is <c>[p * SamplesPerFrame, (p + 1) * SamplesPerFrame)</c>.
/// Single-threaded; allocation-free per frame.
/// </summary>
public sealed class Mixer
{
    private const int GainShift = 12; // Q12 fixed point: 4096 = unity
    private const float MaxGain = 8f;

    private readonly int[] _gainQ12;
    private readonly int[] _accumulator;
    private RoutingMatrix _routing;

    public Mixer(int parties, int samplesPerFrame, RoutingMatrix? routing = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parties, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(samplesPerFrame, 1);
        Parties = parties;
        SamplesPerFrame = samplesPerFrame;
        _gainQ12 = new int[parties];
        Array.Fill(_gainQ12, 1 << GainShift);
        _accumulator = new int[samplesPerFrame];
        _routing = routing ?? RoutingMatrix.FullMesh(parties);
        CheckParties(_routing);
    }

    public int Parties { get; }
    public int SamplesPerFrame { get; }

    public RoutingMatrix Routing
    {
        get => _routing;
        set
        {
            CheckParties(value);
            _routing = value;
        }
    }

    /// <summary>Scales what others hear of <paramref name="party"/>: 0 mutes, 1 is unity, up to 8.</summary>
    public void SetGain(int party, float gain)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)party, (uint)Parties, nameof(party));
        if (!float.IsFinite(gain) || gain < 0 || gain > MaxGain)
        {
            throw new ArgumentOutOfRangeException(nameof(gain), gain, $"gain must be 0..{MaxGain}");
        }

        _gainQ12[party] = (int)MathF.Round(gain * (1 << GainShift));
    }

    public float GetGain(int party) => _gainQ12[party] / (float)(1 << GainShift);

    public void Mix(ReadOnlySpan<short> inputs, Span<short> outputs)
    {
        int frame = SamplesPerFrame;
        int total = Parties * frame;
        if (inputs.Length < total || outputs.Length < total)
        {
            throw new ArgumentException($"inputs and outputs need {total} samples ({Parties} parties x {frame}); got {inputs.Length} and {outputs.Length}");
        }

        Span<int> acc = _accumulator;
        for (int listener = 0; listener < Parties; listener++)
        {
            acc.Clear();
            for (int speaker = 0; speaker < Parties; speaker++)
            {
                int gain = _gainQ12[speaker];
                if (gain == 0 || !_routing.Hears(listener, speaker))
                {
                    continue;
                }

                Accumulate(inputs.Slice(speaker * frame, frame), gain, acc);
            }

            Saturate(acc, outputs.Slice(listener * frame, frame));
        }
    }

    private static void Accumulate(ReadOnlySpan<short> source, int gainQ12, Span<int> acc)
    {
        if (gainQ12 == 1 << GainShift)
        {
            for (int i = 0; i < source.Length; i++)
            {
                acc[i] += source[i];
            }

            return;
        }

        for (int i = 0; i < source.Length; i++)
        {
            acc[i] += (source[i] * gainQ12) >> GainShift;
        }
    }

    private static void Saturate(ReadOnlySpan<int> acc, Span<short> destination)
    {
        for (int i = 0; i < acc.Length; i++)
        {
            destination[i] = (short)Math.Clamp(acc[i], short.MinValue, short.MaxValue);
        }
    }

    private void CheckParties(RoutingMatrix routing)
    {
        if (routing.Parties != Parties)
        {
            throw new ArgumentException($"routing is for {routing.Parties} parties but the mixer has {Parties}");
        }
    }
}
