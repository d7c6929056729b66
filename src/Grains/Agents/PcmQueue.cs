namespace ClutchCall.Grains.Agents;

/// <summary>A growable FIFO of PCM samples (the agent's playout). Single-threaded: the media loop owns it.</summary>
internal sealed class PcmQueue
{
    private short[] _buffer = new short[16000];
    private int _head;

    public int Count { get; private set; }

    public void Enqueue(ReadOnlySpan<short> samples)
    {
        if (Count + samples.Length > _buffer.Length)
        {
            var grown = new short[Math.Max(_buffer.Length * 2, Count + samples.Length)];
            CopyOut(grown.AsSpan(0, Count));
            _buffer = grown;
            _head = 0;
        }
        var tail = (_head + Count) % _buffer.Length;
        var first = Math.Min(samples.Length, _buffer.Length - tail);
        samples[..first].CopyTo(_buffer.AsSpan(tail));
        samples[first..].CopyTo(_buffer);
        Count += samples.Length;
    }

    /// <summary>Moves up to destination.Length samples out; returns how many.</summary>
    public int Dequeue(Span<short> destination)
    {
        var n = Math.Min(destination.Length, Count);
        CopyOut(destination[..n]);
        _head = (_head + n) % _buffer.Length;
        Count -= n;
        return n;
    }

    public void Clear()
    {
        _head = 0;
        Count = 0;
    }

    private void CopyOut(Span<short> destination)
    {
        var first = Math.Min(destination.Length, _buffer.Length - _head);
        _buffer.AsSpan(_head, first).CopyTo(destination);
        _buffer.AsSpan(0, destination.Length - first).CopyTo(destination[first..]);
    }
}
