using System.Buffers;

namespace ClutchCall.Moqt.Tests;

/// <summary>Builds multi-segment sequences, like Kestrel's ReadOnlySequenceFactory.</summary>
internal static class Segments
{
    public static ReadOnlySequence<byte> Create(params ReadOnlyMemory<byte>[] parts)
    {
        var first = new Segment(parts[0], 0);
        Segment last = first;
        for (int i = 1; i < parts.Length; i++) last = last.Append(parts[i]);
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
