namespace ClutchCall.Media.Codecs;

/// <summary>
/// Packet-loss concealment for codecs without their own (G.711, PCM16): repeat the last good frame at
/// half the level per consecutive loss, reaching silence after a few frames so a dead stream goes quiet.
/// </summary>
internal sealed class FadeConcealer
{
    private const int MaxRepeats = 4;
    private readonly short[] _last;
    private int _lastLength;
    private int _losses;

    public FadeConcealer(int samplesPerFrame) => _last = new short[samplesPerFrame];

    public void Remember(ReadOnlySpan<short> frame)
    {
        int n = Math.Min(frame.Length, _last.Length);
        frame[..n].CopyTo(_last);
        _lastLength = n;
        _losses = 0;
    }

    public int Conceal(Span<short> destination)
    {
        int n = _last.Length;
        if (destination.Length < n)
        {
            throw new ArgumentException($"destination holds {destination.Length} samples but one frame is {n}");
        }

        _losses++;
        int shift = _losses;
        if (_lastLength == 0 || _losses > MaxRepeats)
        {
            destination[..n].Clear();
            return n;
        }

        for (int i = 0; i < n; i++)
        {
            destination[i] = (short)(_last[i] >> shift);
        }

        return n;
    }
}
