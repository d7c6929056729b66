using System.Collections.Concurrent;
using StackExchange.Redis;

namespace ClutchCall.Runtime.Storage.Redis;

/// <summary>
/// Wakes readers waiting on event streams. The write script publishes on "{p}:evn:{stream}"; one pattern
/// subscription fans that out to local waiters. Pub/sub is lossy, so waiters also time out and re-read.
/// </summary>
internal sealed class EventNotifications : IDisposable
{
    private readonly ISubscriber _subscriber;
    private readonly string _channelPrefix;
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Waiter, byte>> _waiters = new(StringComparer.Ordinal);

    public EventNotifications(ISubscriber subscriber, string prefix)
    {
        _subscriber = subscriber;
        _channelPrefix = prefix + ":evn:";
        // Never block construction on Redis (the store is built at start-up, maybe before Redis answers): subscribe
        // in the background and keep trying. Until then waiters simply time out and re-read.
        _subscription = SubscribeAsync();
    }

    private readonly Task _subscription;

    private async Task SubscribeAsync()
    {
        var pattern = new RedisChannel(_channelPrefix + "*", RedisChannel.PatternMode.Pattern);
        for (var delay = 100; ; delay = Math.Min(delay * 2, 2000))
        {
            try
            {
                await _subscriber.SubscribeAsync(pattern, OnMessage);
                return;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                await Task.Delay(delay);
            }
        }
    }

    public Waiter Register(string stream)
    {
        var waiter = new Waiter(this, stream);
        _waiters.GetOrAdd(stream, _ => new ConcurrentDictionary<Waiter, byte>())[waiter] = 0;
        return waiter;
    }

    private void OnMessage(RedisChannel channel, RedisValue _)
    {
        var stream = ((string)channel!)[_channelPrefix.Length..];
        if (_waiters.TryGetValue(stream, out var set))
        {
            foreach (var waiter in set.Keys)
            {
                waiter.Signal();
            }
        }
    }

    private void Remove(Waiter waiter)
    {
        if (_waiters.TryGetValue(waiter.Stream, out var set))
        {
            set.TryRemove(waiter, out _);
        }
    }

    /// <summary>Drops the local waiters; the subscription itself ends with the store's connection.</summary>
    public void Dispose() => _waiters.Clear();

    internal sealed class Waiter(EventNotifications owner, string stream) : IDisposable
    {
        private readonly TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Stream { get; } = stream;

        public void Signal() => _signal.TrySetResult();

        public async Task WaitAsync(TimeSpan maxWait, CancellationToken ct)
        {
            try
            {
                await _signal.Task.WaitAsync(maxWait, ct);
            }
            catch (TimeoutException)
            {
            }
        }

        public void Dispose() => owner.Remove(this);
    }
}
