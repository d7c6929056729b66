using System.Collections.Concurrent;
using ClutchCall.Moqt.Messages;

namespace ClutchCall.Moqt.Model;

/// <summary>A named set of tracks under one namespace, e.g. ("voice", sid) with "downlink".</summary>
public sealed class Broadcast(TrackNamespace ns)
{
    private readonly ConcurrentDictionary<string, TrackProducer> _tracks = new(StringComparer.Ordinal);

    public TrackNamespace Namespace { get; } = ns;

    public TrackProducer GetOrCreateTrack(string name) => _tracks.GetOrAdd(name, n => new TrackProducer(n));

    public bool TryGetTrack(string name, out TrackProducer track) => _tracks.TryGetValue(name, out track!);

    public void Close()
    {
        foreach (TrackProducer t in _tracks.Values) t.Close();
    }
}

/// <summary>The broadcasts a session can serve to remote subscribers.</summary>
public sealed class MoqtOrigin
{
    private readonly ConcurrentDictionary<TrackNamespace, Broadcast> _broadcasts = new();

    public Broadcast Publish(Broadcast broadcast)
    {
        _broadcasts[broadcast.Namespace] = broadcast;
        return broadcast;
    }

    public Broadcast GetOrCreate(TrackNamespace ns) => _broadcasts.GetOrAdd(ns, n => new Broadcast(n));

    public bool TryGet(TrackNamespace ns, out Broadcast broadcast) => _broadcasts.TryGetValue(ns, out broadcast!);

    public bool TryGetTrack(TrackNamespace ns, string name, out TrackProducer track)
    {
        track = null!;
        return _broadcasts.TryGetValue(ns, out Broadcast? b) && b.TryGetTrack(name, out track);
    }

    public bool Remove(TrackNamespace ns) => _broadcasts.TryRemove(ns, out _);
}
