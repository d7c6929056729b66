using System.Text.Json;
using System.Threading.Channels;
using ClutchCall.Runtime.Messaging;
using ClutchCall.Runtime.Storage;
using Microsoft.Extensions.Logging;

namespace ClutchCall.Runtime.Activation;

internal enum ActivationStatus
{
    Activating,
    Active,
    Deactivating,
    Done,
}

/// <summary>
/// One grain's life on this silo: claim, load, then one turn at a time from a single-reader mailbox,
/// until it deactivates (idle, asked to, fenced, or the silo goes). Requests left in the mailbox are
/// answered "not delivered" so callers retry on the next activation.
/// </summary>
internal sealed partial class Activation : IActivationServices
{
    private readonly Channel<WorkItem> _mailbox = Channel.CreateUnbounded<WorkItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ActivationHost _host;
    private readonly ILogger _log;
    private readonly GrainClass _class;
    private readonly Task? _previous;
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<GrainTimer> _timers = [];
    private Grain? _grain;
    private GrainContext? _context;
    private long _epoch;
    private long _version;
    private volatile bool _keepAlive;
    private bool _deactivateAfterTurn;
    private DeactivationReason _reason = DeactivationReason.Requested;

    public Activation(GrainId id, GrainClass grainClass, ActivationHost host, Task? previous)
    {
        Id = id;
        _class = grainClass;
        _host = host;
        _previous = previous;
        _log = host.ActivationLogger;
        LastActivity = host.Time.GetTimestamp();
    }

    public GrainId Id { get; }

    public volatile ActivationStatus Status;

    public long Epoch => _epoch;

    public long LastActivity { get; private set; }

    public bool IsKeptAlive => _keepAlive;

    /// <summary>Completes when the activation is gone and its ownership released.</summary>
    public Task Completion => _done.Task;

    public void Start() => _ = Task.Run(RunAsync);

    public Task<GrainResponse> EnqueueAsync(GrainRequest? request)
    {
        var work = new RequestWork(request);
        return _mailbox.Writer.TryWrite(work) ? work.Response.Task : Task.FromResult(GrainResponse.Of(ResponseStatus.Unavailable));
    }

    public Task<GrainResponse> EnqueueChannelAsync(GrainRequest open, Channels.ChannelEnd end)
    {
        var work = new ChannelOpenWork(open, end);
        return _mailbox.Writer.TryWrite(work) ? work.Response.Task : Task.FromResult(GrainResponse.Of(ResponseStatus.Unavailable));
    }

    public void RequestDeactivation(DeactivationReason reason) => _mailbox.Writer.TryWrite(new DeactivateWork(reason));

    private async Task RunAsync()
    {
        try
        {
            if (await ActivateAsync())
            {
                await RunTurnsAsync();
                await DeactivateAsync();
            }
        }
        catch (Exception e)
        {
            LogActivationCrashed(e, Id.ToString());
        }
        finally
        {
            CloseChannels();
            Status = ActivationStatus.Done;
            _host.Catalog.Remove(this);
            RefuseRemaining(GrainResponse.Of(ResponseStatus.Unavailable));
            _done.TrySetResult();
        }
    }

    private async Task<bool> ActivateAsync()
    {
        if (_previous is not null)
        {
            await _previous;
        }
        var silo = _host.Local.Id!;
        ClaimResult claim;
        StoredState stored;
        try
        {
            claim = await _host.Store.ClaimAsync(Id, silo);
            if (claim.Outcome != ClaimOutcome.Won)
            {
                _host.Catalog.Remove(this);
                RefuseRemaining(claim.Outcome == ClaimOutcome.OwnedElsewhere
                    ? GrainResponse.Of(ResponseStatus.NotOwner, claim.Epoch, claim.Owner)
                    : GrainResponse.Of(ResponseStatus.Unavailable));
                return false;
            }
            _epoch = claim.Epoch;
            stored = claim.State;
        }
        catch (Exception e)
        {
            LogStoreFailed(e, Id.ToString());
            RefuseRemaining(GrainResponse.Of(ResponseStatus.Unavailable));
            return false;
        }
        _version = stored.Version;
        _context = new GrainContext(Id, _epoch, silo, _host.GrainFactory, _host.Time);
        try
        {
            _grain = _host.CreateGrain(_class.Implementation);
            _grain.Bind(this);
            if (_grain.StateType is { } stateType && stored.Data is { Length: > 0 } data)
            {
                _grain.SetState(JsonSerializer.Deserialize(data, stateType, GrainJson.Options));
            }
            using var timeout = new CancellationTokenSource(_host.Options.LifecycleTimeout, _host.Time);
            await _grain.OnActivateAsync(timeout.Token);
        }
        catch (Exception e)
        {
            LogActivateFailed(e, Id.ToString());
            await ReleaseAsync(handoff: false);
            _host.Catalog.Remove(this);
            RefuseRemaining(Error(e));
            return false;
        }
        Status = ActivationStatus.Active;
        _host.Metrics.Activated();
        return true;
    }

    private async Task RunTurnsAsync()
    {
        await foreach (var work in _mailbox.Reader.ReadAllAsync())
        {
            LastActivity = _host.Time.GetTimestamp();
            switch (work)
            {
                case RequestWork request:
                    request.Response.TrySetResult(await RunRequestAsync(request.Request));
                    break;
                case ChannelOpenWork open:
                    open.Response.TrySetResult(await AcceptChannelAsync(open.Open, open.End));
                    break;
                case TimerWork timer when !timer.Timer.IsDisposed:
                    await RunTimerAsync(timer.Timer);
                    break;
                case DeactivateWork deactivate:
                    _reason = deactivate.Reason;
                    return;
            }
            if (_deactivateAfterTurn)
            {
                return;
            }
        }
    }

    private async Task<GrainResponse> RunRequestAsync(GrainRequest? request)
    {
        if (request is null)
        {
            return GrainResponse.Of(ResponseStatus.Ok, _epoch);
        }
        if (Refusal(request) is { } refused)
        {
            return refused;
        }
        if (!_class.Methods.TryGetValue(request.Method, out var method))
        {
            return new GrainResponse(ResponseStatus.BadRequest, _epoch, null, Serialize(new ErrorPayload("UnknownMethod", $"{Id.Type} has no method {request.Method}.")));
        }
        object?[] args;
        try
        {
            args = GrainJson.DeserializeArguments(request.Arguments.Span, method.Method.ParameterTypes);
        }
        catch (JsonException e)
        {
            return new GrainResponse(ResponseStatus.BadRequest, _epoch, null, Serialize(new ErrorPayload("BadArguments", e.Message)));
        }
        var started = _host.Time.GetTimestamp();
        using var span = _host.Tracing.StartServer(Id, request.Method, request.TraceParent, _epoch);
        _host.Chain.Enter(request.CallChain, Id);
        try
        {
            var result = await method.Method.InvokeAsync(_grain!, method.Target, args);
            return new GrainResponse(ResponseStatus.Ok, _epoch, null, result);
        }
        catch (Exception e) when (e is GrainFencedException or GrainVersionConflictException)
        {
            Fence();
            return GrainResponse.Of(ResponseStatus.Fenced, _epoch);
        }
        catch (Exception e)
        {
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.Message);
            return Error(e);
        }
        finally
        {
            var elapsed = _host.Time.GetElapsedTime(started);
            _host.Metrics.Turn(elapsed);
            if (elapsed > ActivationHost.SlowTurn)
            {
                LogSlowTurn(Id.ToString(), request.Method, elapsed.TotalMilliseconds);
            }
        }
    }

    /// <summary>Why this activation will not take the request, or null when it will.</summary>
    private GrainResponse? Refusal(GrainRequest request)
    {
        if (!_host.Local.IsServing)
        {
            return GrainResponse.Of(ResponseStatus.Unavailable);
        }
        if (request.Epoch != 0 && request.Epoch < _epoch)
        {
            return GrainResponse.Of(ResponseStatus.StaleEpoch, _epoch, _host.Local.Id);
        }
        if (request.Epoch > _epoch)
        {
            // Someone claimed the grain after this activation did: this one is a zombie.
            Fence();
            return GrainResponse.Of(ResponseStatus.NotOwner, request.Epoch);
        }
        return null;
    }

    private async Task RunTimerAsync(GrainTimer timer)
    {
        if (!_host.Local.IsServing)
        {
            return;
        }
        _host.Chain.Enter(null, Id);
        try
        {
            await timer.Callback();
        }
        catch (Exception e) when (e is GrainFencedException or GrainVersionConflictException)
        {
            Fence();
        }
        catch (Exception e)
        {
            LogTimerFailed(e, Id.ToString());
        }
    }

    private void Fence()
    {
        _reason = DeactivationReason.Fenced;
        _deactivateAfterTurn = true;
        _host.Metrics.Fenced();
        LogFenced(Id.ToString(), _epoch);
    }

    private GrainResponse Error(Exception e) =>
        new(ResponseStatus.ApplicationError, _epoch, null, Serialize(new ErrorPayload(e.GetType().FullName!, e.Message)));

    private static byte[] Serialize(ErrorPayload error) => JsonSerializer.SerializeToUtf8Bytes(error, GrainJson.Options);

    /// <summary>Answers everything still queued: every request and channel open gets a response, never silence.</summary>
    private void RefuseRemaining(GrainResponse response)
    {
        _mailbox.Writer.TryComplete();
        while (_mailbox.Reader.TryRead(out var work))
        {
            switch (work)
            {
                case RequestWork request:
                    request.Response.TrySetResult(response);
                    break;
                case ChannelOpenWork open:
                    open.End.Finish(ChannelCloseReason.Refused);
                    open.Response.TrySetResult(response);
                    break;
            }
        }
    }
}
