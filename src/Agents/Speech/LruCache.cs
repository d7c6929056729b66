namespace ClutchCall.Agents.Speech;

/// <summary>A small thread-safe least-recently-used map. Capacity 0 stores nothing.</summary>
internal sealed class LruCache<TKey, TValue>(int capacity)
    where TKey : notnull
{
    private readonly Dictionary<TKey, LinkedListNode<(TKey Key, TValue Value)>> _index = [];
    private readonly LinkedList<(TKey Key, TValue Value)> _order = new();
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _index.Count;
            }
        }
    }

    public bool TryGet(TKey key, out TValue value)
    {
        lock (_lock)
        {
            if (_index.TryGetValue(key, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                value = node.Value.Value;
                return true;
            }
        }

        value = default!;
        return false;
    }

    public void Add(TKey key, TValue value)
    {
        if (capacity <= 0)
        {
            return;
        }

        lock (_lock)
        {
            if (_index.Remove(key, out var existing))
            {
                _order.Remove(existing);
            }

            _index[key] = _order.AddFirst((key, value));
            while (_index.Count > capacity)
            {
                var last = _order.Last!;
                _order.RemoveLast();
                _index.Remove(last.Value.Key);
            }
        }
    }
}
