using System.Collections.Concurrent;
using ClutchCall.Moqt.Coding;
using ClutchCall.Moqt.Session;

namespace ClutchCall.Moqt.Hosting;

/// <summary>
/// The live server sessions of this process, for a graceful drain: GOAWAY to each (the peer opens its next session,
/// elsewhere or here, then closes this one), then GOAWAY_TIMEOUT for those still open after the grace period.
/// </summary>
public sealed class MoqtSessions(TimeProvider time)
{
    private readonly ConcurrentDictionary<MoqtSession, byte> _live = new();

    /// <summary>Sessions currently served.</summary>
    public int Count => _live.Count;

    /// <summary>Sends GOAWAY to every live session and waits up to <paramref name="grace"/> for each to end; closes the rest.</summary>
    /// <param name="newSessionUri">Where peers should reconnect; empty for "the same URI" (e.g. behind a load balancer).</param>
    /// <param name="grace">How long a peer has to leave before the session is closed with GOAWAY_TIMEOUT.</param>
    /// <param name="cancellationToken">Stops waiting (sessions are left as they are).</param>
    public Task GoAwayAllAsync(string newSessionUri, TimeSpan grace, CancellationToken cancellationToken = default) =>
        Task.WhenAll(_live.Keys.Select(s => GoAwayAsync(s, newSessionUri, grace, cancellationToken)));

    internal void Add(MoqtSession session) => _live.TryAdd(session, 0);

    internal void Remove(MoqtSession session) => _live.TryRemove(session, out _);

    private async Task GoAwayAsync(MoqtSession session, string newSessionUri, TimeSpan grace, CancellationToken cancellationToken)
    {
        try
        {
            await session.GoAwayAsync(newSessionUri, cancellationToken).ConfigureAwait(false);
            await session.Completion.WaitAsync(grace, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await session.CloseAsync(MoqtErrorCode.GoawayTimeout, "did not leave after GOAWAY").ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException or MoqtException)
        {
            // Already closing, or the drain was cancelled.
        }
    }
}
