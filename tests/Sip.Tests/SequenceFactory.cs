using System.Buffers;

namespace ClutchCall.Sip.Tests;

/// <summary>Builds multi-segment sequences (Kestrel's ReadOnlySequenceFactory.CreateSegments).</summary>
public static class SequenceFactory
{
    public static ReadOnlySequence<byte> Create(params byte[][] segments)
    {
        if (segments.Length == 1) return new ReadOnlySequence<byte>(segments[0]);
        Segment? first = null, last = null;
        foreach (var s in segments)
        {
            var seg = new Segment(s);
            if (first is null) first = last = seg;
            else last = last!.Append(seg);
        }
        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] data) => Memory = data;

        public Segment Append(Segment next)
        {
            next.RunningIndex = RunningIndex + Memory.Length;
            Next = next;
            return next;
        }
    }
}
