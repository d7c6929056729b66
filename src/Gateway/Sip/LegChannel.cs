using System.Threading.Channels;
using ClutchCall.Runtime;

namespace ClutchCall.Gateway.Sip;

/// <summary>
/// The edge's end of <c>leg:caller</c>: a grain channel that follows the call grain through failovers, like
/// <c>ReconnectingGrainChannel</c>, but re-opens with the leg's current metadata (the codec is only known once the
/// INVITE is answered). It ends when the grain closes it on purpose or refuses it (the call is over), or on dispose.
/// </summary>
internal sealed class LegChannel : IAsyncDisposable
{
    private readonly IGrainChannelFactory _factory;
    private readonly GrainId _grain;
    private readonly Func<byte[]> _metadata;
    private readonly TimeProvider _time;
    private readonly Action<TimeSpan>? _onReopened;
    private readonly Channel<ReadOnlyMemory<byte>> _incoming = Channel.CreateBounded<ReadOnlyMemory<byte>>(
        new BoundedChannelOptions(200) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly TaskCompletionSource<ChannelCloseReason> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private volatile IGrainChannel? _current;
    private Task _pump = Task.CompletedTask;

    private readonly string _name;

    private LegChannel(IGrainChannelFactory factory, GrainId grain, string name, Func<byte[]> metadata, TimeProvider time, Action<TimeSpan>? onReopened)
    {
        _name = name;
        _onReopened = onReopened;
        _factory = factory;
        _grain = grain;
        _metadata = metadata;
        _time = time;
    }

    /// <exception cref="GrainCallException">The grain refused the leg (unknown call, ended, not a SIP trunk).</exception>
    /// <param name="onReopened">Told the gap (no channel open) each time the channel moved to a new activation.</param>
    /// <param name="name">The channel: <c>leg:caller</c>, or <c>leg:callee</c> for the callee an inbound connect dialled.</param>
    public static async Task<LegChannel> OpenAsync(IGrainChannelFactory factory, GrainId grain, string name, Func<byte[]> metadata, TimeProvider time,
        CancellationToken ct, Action<TimeSpan>? onReopened = null)
    {
        var leg = new LegChannel(factory, grain, name, metadata, time, onReopened);
        leg._current = await factory.OpenAsync(grain, name, metadata(), ct);
        leg._pump = Task.Run(leg.PumpAsync);
        return leg;
    }

    /// <summary>Frames from the grain: downlink audio and control frames, in order.</summary>
    public ChannelReader<ReadOnlyMemory<byte>> Incoming => _incoming.Reader;

    /// <summary>Completes with Closed (the grain ended the call, or this side disposed) or Refused (a re-open was refused).</summary>
    public Task<ChannelCloseReason> Ended => _ended.Task;

    public int Reopens { get; private set; }

    public TimeSpan LongestGap { get; private set; }

    public bool TrySend(ReadOnlyMemory<byte> frame) => _current is { } c && c.TrySend(frame);

    private async Task PumpAsync()
    {
        var reason = ChannelCloseReason.Closed;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var channel = _current!;
                await foreach (var frame in channel.Incoming.ReadAllAsync(_stop.Token))
                {
                    _incoming.Writer.TryWrite(frame);
                }
                reason = await channel.Completion;
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
                _onReopened?.Invoke(gap);
            }
        }
        catch (OperationCanceledException)
        {
            reason = ChannelCloseReason.Closed;
        }
        catch (GrainCallException)
        {
            // The new owner refused the leg: the call ended while we were away.
            reason = ChannelCloseReason.Refused;
        }
        finally
        {
            _incoming.Writer.TryComplete();
            _ended.TrySetResult(reason);
        }
    }

    private async Task<IGrainChannel> ReopenAsync()
    {
        var backoff = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            try
            {
                return await _factory.OpenAsync(_grain, _name, _metadata(), _stop.Token);
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
        if (_stop.IsCancellationRequested)
        {
            return;
        }
        _stop.Cancel();
        _current?.Close();
        await _pump;
        _stop.Dispose();
    }
}
