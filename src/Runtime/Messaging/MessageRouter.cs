using System.Diagnostics;
using System.Text.Json;
using ClutchCall.Runtime.Diagnostics;
using ClutchCall.Runtime.Membership;
using Microsoft.Extensions.Options;

namespace ClutchCall.Runtime.Messaging;

/// <summary>
/// Delivers a grain request to its owner and returns the serialized result. Requests the owner certainly
/// did not run (refused, not sent, no owner yet) are retried until the response timeout; a connection that
/// breaks after sending surfaces as GrainUnavailableException with MaybeDelivered.
/// </summary>
internal sealed class MessageRouter(
    GrainLocator locator,
    SiloConnectionPool pool,
    MembershipView view,
    LocalSilo local,
    IOptions<MessagingOptions> options,
    TimeProvider time,
    RuntimeTracing tracing,
    CallChain chain,
    IServiceProvider services)
{
    private readonly TimeSpan _timeout = options.Value.ResponseTimeout;
    private IGrainRequestHandler? _localHandler;

    private IGrainRequestHandler? LocalHandler =>
        _localHandler ??= (IGrainRequestHandler?)services.GetService(typeof(IGrainRequestHandler));

    public async Task<ReadOnlyMemory<byte>> InvokeAsync(GrainId grain, string method, ReadOnlyMemory<byte> arguments)
    {
        using var span = tracing.StartClient(grain, method);
        var traceParent = Activity.Current?.Id;
        var waiting = chain.Current;
        try
        {
            return (await RouteAsync(grain, retryMaybeDelivered: false, (target, ct) =>
                SendAsync(target, new GrainRequest(grain, target.Epoch, method, arguments) { TraceParent = traceParent, CallChain = waiting }, ct))).Payload;
        }
        catch (Exception e)
        {
            span?.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }
    }

    /// <summary>Opens a channel on the grain's current activation, riding through redirects and failover like a call.</summary>
    public async Task<IGrainChannel> OpenChannelAsync(GrainId grain, string name, ReadOnlyMemory<byte> metadata)
    {
        Channels.ChannelEnd? opened = null;
        // Opening again is harmless: a channel half-opened on a silo that died went with it.
        var response = await RouteAsync(grain, retryMaybeDelivered: true, async (target, ct) =>
        {
            var open = new GrainRequest(grain, target.Epoch, name, metadata);
            if (target.Silo.Id == local.Id && LocalHandler is { } handler)
            {
                var (caller, inGrain) = Channels.ChannelEnd.Pair(grain, name);
                var r = await handler.OpenChannelAsync(open, inGrain).WaitAsync(ct);
                opened = r.Status == ResponseStatus.Ok ? caller : null;
                return r;
            }
            var end = new Channels.ChannelEnd(grain, name, 0);
            var connection = await ConnectAsync(target, ct);
            var result = await connection.OpenChannelAsync(open, end, ct);
            opened = result.Status == ResponseStatus.Ok ? end : null;
            if (opened is not null)
            {
                CloseWhenSiloGone(end, target.Silo.Id);
            }
            return result;
        });
        opened!.Epoch = response.Epoch;
        return opened;
    }

    /// <summary>
    /// Resolves the owner and sends, again and again while the answer says the request was not delivered
    /// (redirect, stale epoch, silo not serving, no silo yet), until the response timeout.
    /// </summary>
    /// <param name="retryMaybeDelivered">Also retry when the connection broke after sending (safe only for idempotent requests).</param>
    private async Task<GrainResponse> RouteAsync(GrainId grain, bool retryMaybeDelivered, Func<GrainTarget, CancellationToken, Task<GrainResponse>> send)
    {
        var started = time.GetTimestamp();
        using var timeout = new CancellationTokenSource(_timeout, time);
        var attempt = 0;
        string lastReason = "no live silo";
        while (true)
        {
            if (attempt > 0)
            {
                if (time.GetElapsedTime(started) >= _timeout)
                {
                    throw new GrainUnavailableException(grain, lastReason, maybeDelivered: false);
                }
                // The first redirects are immediate; after that back off so a failover can complete.
                if (attempt > 2)
                {
                    await DelayAsync(TimeSpan.FromMilliseconds(Math.Min(25 << Math.Min(attempt - 3, 4), 250)), timeout.Token, grain, lastReason);
                }
            }
            attempt++;
            var target = await locator.ResolveAsync(grain);
            if (target is not { } t)
            {
                lastReason = "no live silo";
                await WaitForViewAsync(timeout.Token, grain, lastReason);
                continue;
            }
            GrainResponse response;
            try
            {
                response = await send(t, timeout.Token);
            }
            catch (SiloConnectionLostException e) when (!e.Sent || retryMaybeDelivered)
            {
                locator.Forget(grain);
                lastReason = $"silo {t.Silo.Id} unreachable";
                continue;
            }
            catch (SiloConnectionLostException)
            {
                locator.Forget(grain);
                throw new GrainUnavailableException(grain, $"silo {t.Silo.Id} went away during the call", maybeDelivered: true);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                throw new GrainUnavailableException(grain, $"silo {t.Silo.Id} did not answer in {_timeout}", maybeDelivered: true);
            }
            switch (response.Status)
            {
                case ResponseStatus.Ok:
                    locator.Remember(grain, t.Silo.Id, response.Epoch);
                    return response;
                case ResponseStatus.ApplicationError:
                case ResponseStatus.BadRequest:
                case ResponseStatus.Fenced:
                    throw ToException(response);
                case ResponseStatus.NotOwner when response.OwnerHint is { } owner:
                    locator.Remember(grain, owner, response.Epoch);
                    lastReason = $"redirected to {owner}";
                    break;
                case ResponseStatus.StaleEpoch:
                    locator.Remember(grain, t.Silo.Id, response.Epoch);
                    lastReason = "stale epoch";
                    break;
                default:
                    locator.Forget(grain);
                    lastReason = $"silo {t.Silo.Id} answered {response.Status}";
                    break;
            }
        }
    }

    private async Task<GrainResponse> SendAsync(GrainTarget target, GrainRequest request, CancellationToken ct)
    {
        if (target.Silo.Id == local.Id && LocalHandler is { } handler)
        {
            return await handler.HandleAsync(request).WaitAsync(ct);
        }
        var connection = await ConnectAsync(target, ct);
        // A paused owner keeps its socket open; stop waiting once the cluster has declared it gone.
        var gone = view.GoneToken(target.Silo.Id);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(ct, gone);
        try
        {
            return await connection.SendAsync(request, either.Token);
        }
        catch (OperationCanceledException) when (gone.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new SiloConnectionLostException(sent: true, null);
        }
    }

    /// <summary>A paused owner keeps its socket open: end its channels once the cluster has declared it gone.</summary>
    private void CloseWhenSiloGone(Channels.ChannelEnd end, string siloId)
    {
        var registration = view.GoneToken(siloId).Register(() => end.Close(ChannelCloseReason.OwnerMoved));
        _ = end.Completion.ContinueWith(_ => registration.Dispose(), TaskScheduler.Default);
    }

    private async Task<SiloConnection> ConnectAsync(GrainTarget target, CancellationToken ct)
    {
        try
        {
            return await pool.GetAsync(target.Silo.Endpoint, ct);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
        {
            throw new SiloConnectionLostException(sent: false, e);
        }
    }

    private static Exception ToException(GrainResponse response)
    {
        if (response.Status == ResponseStatus.Fenced)
        {
            return new GrainCallException(typeof(GrainFencedException).FullName!, "The grain lost ownership while running the call; nothing it did was persisted.");
        }
        var error = response.Payload.Length > 0
            ? JsonSerializer.Deserialize<ErrorPayload>(response.Payload.Span, GrainJson.Options)
            : null;
        return new GrainCallException(error?.Type ?? response.Status.ToString(), error?.Message ?? response.Status.ToString());
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken ct, GrainId grain, string reason)
    {
        try
        {
            await Task.Delay(delay, time, ct);
        }
        catch (OperationCanceledException)
        {
            throw new GrainUnavailableException(grain, reason, maybeDelivered: false);
        }
    }

    private async Task WaitForViewAsync(CancellationToken ct, GrainId grain, string reason)
    {
        try
        {
            await view.NextChange.WaitAsync(TimeSpan.FromMilliseconds(250), time, ct);
        }
        catch (TimeoutException)
        {
        }
        catch (OperationCanceledException)
        {
            throw new GrainUnavailableException(grain, reason, maybeDelivered: false);
        }
    }
}
