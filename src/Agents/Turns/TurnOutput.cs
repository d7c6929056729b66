using System.Runtime.CompilerServices;

namespace ClutchCall.Agents.Turns;

/// <summary>
/// The events and effects of one step, held inline so a step allocates nothing. At most
/// <see cref="Capacity"/> events can come out of one input.
/// </summary>
public struct TurnOutput
{
    public const int Capacity = 6;

    private EventBuffer _events;

    public int Count { get; private set; }

    public TurnEffects Effects { get; private set; }

    public readonly TurnEvent this[int index] => (uint)index < (uint)Count
        ? _events[index]
        : throw new ArgumentOutOfRangeException(nameof(index), index, "no such event in this output");

    public readonly bool IsEmpty => Count == 0 && Effects == TurnEffects.None;

    /// <summary>Copies the events out (tests, logging; allocates).</summary>
    public readonly TurnEvent[] ToArray()
    {
        var copy = new TurnEvent[Count];
        for (int i = 0; i < Count; i++)
        {
            copy[i] = _events[i];
        }

        return copy;
    }

    internal void Add(TurnEventKind kind, long atMs, long sinceMs)
    {
        if (Count == Capacity)
        {
            throw new InvalidOperationException("turn output overflow: more events in one step than the detector can produce");
        }

        _events[Count++] = new TurnEvent(kind, atMs, sinceMs);
    }

    internal void Apply(TurnEffects effect) => Effects |= effect;

    internal void Cancel(TurnEffects effect) => Effects &= ~effect;

    [InlineArray(Capacity)]
    private struct EventBuffer
    {
        private TurnEvent _element;
    }
}
