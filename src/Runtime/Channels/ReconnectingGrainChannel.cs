using System.Threading.Channels;

namespace ClutchCall.Runtime.Channels;

/// <summary>
/// A grain channel that survives its activation: when the owner moves (failover, hand-off) or the connection
/// breaks, it opens a new channel on whoever owns the grain now and carries on. Frames sent while no channel
/// is open are dropped (audio that late is useless); the gap is measured.
/// </summary>
public sealed class ReconnectingGrainChannel : IAsyncDisposable
{
    private readonly IGrainChannelFactory _factory;
    private readonly GrainId _grain;
    private readonly string _name;
    private readonly ReadOnlyMemory<byte> _metadata;
    private readonly TimeProvider _time;
    private readonly Channel<ReadOnlyMemory<byte>> _incoming = Channel.CreateBounded<ReadOnlyMemory<byte>>(
        new BoundedChannelOptions(ChannelEnd.IncomingCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private volatile IGrainChannel? _current;
    private Task? _pump;

    private ReconnectingGrainChannel(IGrainChannelFactory factory, GrainId grain, string name, ReadOnlyMemory<byte> metadata, TimeProvider time)
    {
        _factory = factory;
        _grain = grain;
        _name = name;
        _metadata = metadata;
        _time = time;
    }

    public static async Task<ReconnectingGrainChannel> OpenAsync(
        IGrainChannelFactory factory, GrainId grain, string name, ReadOnlyMemory<byte> metadata, TimeProvider time, CancellationToken ct)
    {
        var channel = new ReconnectingGrainChannel(factory, grain, name, metadata, time);
        channel._current = await factory.OpenAsync(grain, name, metadata, ct);
        channel._pump = Task.Run(channel.PumpAsync);
        return channel;
    }

    /// <summary>The epoch of the activation currently on the other end.</summary>
    public long Epoch => _current?.Epoch ?? 0;

    public ChannelReader<ReadOnlyMemory<byte>> Incoming => _incoming.Reader;

    /// <summary>How many times the channel moved to a new activation.</summary>
    public int Reopens { get; private set; }

    /// <summary>The longest time without an open channel.</summary>
    public TimeSpan LongestGap { get; private set; }

    /// <summary>Completes when the grain side closed the channel on purpose (the call ended) or this side was disposed.</summary>
    public Task Completion => _incoming.Reader.Completion;

    public bool TrySend(ReadOnlyMemory<byte> frame) => _current is { } c && c.TrySend(frame);

    private async Task PumpAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var channel = _current!;
                await foreach (var frame in channel.Incoming.ReadAllAsync(_stop.Token))
                {
                    _incoming.Writer.TryWrite(frame);
                }
                var reason = await channel.Completion;
                if (reason is ChannelCloseReason.Closed or ChannelCloseReason.Refused)
                {
                    break;
                }
                var lost = _time.GetTimestamp();
                _current = null;
                _current = await ReopenAsync();
                Reopens++;
                var gap = _time.GetElapsedTime(lost);
                LongestGap = gap > LongestGap ? gap : LongestGap;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or GrainCallException)
        {
            // Disposed, or the grain refused the channel (the call is over): the stream ends.
        }
        finally
        {
            _incoming.Writer.TryComplete();
        }
    }

    /// <summary>Keeps trying while this side lives: a failover outlasting one response timeout must not end the stream.</summary>
    private async Task<IGrainChannel> ReopenAsync()
    {
        var backoff = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            try
            {
                return await _factory.OpenAsync(_grain, _name, _metadata, _stop.Token);
            }
            catch (GrainUnavailableException)
            {
                await Task.Delay(backoff, _time, _stop.Token);
                backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, 1000));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _current?.Close();
        if (_pump is not null)
        {
            await _pump;
        }
        _stop.Dispose();
    }
}
