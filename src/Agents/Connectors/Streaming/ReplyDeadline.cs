namespace ClutchCall.Agents.Connectors.Streaming;

/// <summary>
/// The idle timeout of one text reply: it bounds the wait for the response headers and then each wait for more body,
/// so a streaming server that keeps talking is never cut, and one that goes quiet is. The timer runs only while we wait
/// (<see cref="Arm"/> .. <see cref="Disarm"/>): time the consumer spends speaking a chunk is not the server's fault. Time comes from a
/// <see cref="TimeProvider"/>; the caller's token (a barge-in) is linked in.
/// </summary>
internal sealed class ReplyDeadline : IDisposable
{
    private readonly TimeSpan _timeout;
    private readonly CancellationTokenSource _timer;
    private readonly CancellationTokenSource _linked;

    public ReplyDeadline(TimeSpan timeout, TimeProvider time, CancellationToken callerToken)
    {
        _timeout = timeout;
        _timer = new CancellationTokenSource(timeout, time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(callerToken, _timer.Token);
        CallerToken = callerToken;
    }

    public CancellationToken Token => _linked.Token;

    public CancellationToken CallerToken { get; }

    /// <summary>A wait starts: it gets the full timeout.</summary>
    public void Arm()
    {
        if (!_timer.IsCancellationRequested)
        {
            _timer.CancelAfter(_timeout);
        }
    }

    /// <summary>The wait is over: stop the clock until the next <see cref="Arm"/>.</summary>
    public void Disarm()
    {
        if (!_timer.IsCancellationRequested)
        {
            _timer.CancelAfter(System.Threading.Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose()
    {
        _linked.Dispose();
        _timer.Dispose();
    }
}
