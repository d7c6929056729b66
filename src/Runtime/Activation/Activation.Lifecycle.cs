using System.Text.Json;
using ClutchCall.Runtime.Messaging;
using ClutchCall.Runtime.Storage;
using Microsoft.Extensions.Logging;

namespace ClutchCall.Runtime.Activation;

internal sealed partial class Activation
{
    GrainContext IActivationServices.Context => _context!;

    long IActivationServices.StateVersion => _version;

    async Task IActivationServices.WriteStateAsync(object state, IReadOnlyList<GrainEvent> events, IReadOnlyList<IndexEntry> index)
    {
        var data = JsonSerializer.Serialize(state, _grain!.StateType!, GrainJson.Options);
        await WriteAsync(new StateWrite(Id, _host.Local.Id!, _epoch, _version, data, events, index));
    }

    Task IActivationServices.ClearStateAsync() =>
        WriteAsync(new StateWrite(Id, _host.Local.Id!, _epoch, _version, null, [], []) { Clear = true });

    private async Task WriteAsync(StateWrite write)
    {
        var result = await _host.Store.WriteAsync(write);
        switch (result.Outcome)
        {
            case WriteOutcome.Written:
                _version = result.Version;
                return;
            case WriteOutcome.VersionConflict:
                throw new GrainVersionConflictException(Id, _version, result.Version);
            default:
                throw new GrainFencedException(Id, _epoch);
        }
    }

    IDisposable IActivationServices.RegisterTimer(Func<Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new GrainTimer(callback, t =>
        {
            lock (_timers)
            {
                _timers.Remove(t);
            }
        });
        lock (_timers)
        {
            _timers.Add(timer);
        }
        timer.Timer = _host.Time.CreateTimer(_ => _mailbox.Writer.TryWrite(new TimerWork(timer)), null, dueTime, period);
        return timer;
    }

    Task IActivationServices.SetReminderAsync(string name, TimeSpan dueIn) => _host.Store.SetAsync(Id, name, dueIn);

    Task IActivationServices.ClearReminderAsync(string name) => _host.Store.ClearAsync(Id, name);

    void IActivationServices.KeepAlive(bool keepAlive) => _keepAlive = keepAlive;

    async Task IActivationServices.SetRetentionAsync(TimeSpan ttl)
    {
        if (!await _host.Store.SetRetentionAsync(Id, _host.Local.Id!, _epoch, ttl))
        {
            throw new GrainFencedException(Id, _epoch);
        }
    }

    void IActivationServices.DeactivateOnIdle()
    {
        _reason = DeactivationReason.Requested;
        _deactivateAfterTurn = true;
    }

    private async Task DeactivateAsync()
    {
        Status = ActivationStatus.Deactivating;
        _host.Catalog.Remove(this);
        GrainTimer[] timers;
        lock (_timers)
        {
            timers = [.. _timers];
        }
        foreach (var timer in timers)
        {
            timer.Dispose();
        }
        CloseChannels();
        // A fenced or dead activation must not run grain code or touch the store again.
        var owns = _reason is not (DeactivationReason.Fenced or DeactivationReason.SiloDeclaredDead);
        if (owns)
        {
            try
            {
                using var timeout = new CancellationTokenSource(_host.Options.LifecycleTimeout, _host.Time);
                await _grain!.OnDeactivateAsync(_reason, timeout.Token);
            }
            catch (Exception e)
            {
                LogDeactivateFailed(e, Id.ToString());
            }
            await ReleaseAsync(handoff: _reason == DeactivationReason.SiloStopping);
        }
        _host.Metrics.Deactivated();
        LogDeactivated(Id.ToString(), _epoch, _reason);
    }

    private async Task ReleaseAsync(bool handoff)
    {
        try
        {
            await _host.Store.ReleaseAsync(Id, _host.Local.Id!, _epoch, handoff);
        }
        catch (Exception e)
        {
            // The owner record stays; the next claim finds this silo alive and routes here, or dead and takes over.
            LogStoreFailed(e, Id.ToString());
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slow turn: {Grain}.{Method} took {Milliseconds:F0} ms; every other message of the grain waited")]
    private partial void LogSlowTurn(string grain, string method, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Activation of {Grain} lost ownership at epoch {Epoch}; deactivating without writing")]
    private partial void LogFenced(string grain, long epoch);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deactivated {Grain} (epoch {Epoch}): {Reason}")]
    private partial void LogDeactivated(string grain, long epoch, DeactivationReason reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "OnActivateAsync of {Grain} failed")]
    private partial void LogActivateFailed(Exception e, string grain);

    [LoggerMessage(Level = LogLevel.Error, Message = "OnDeactivateAsync of {Grain} failed")]
    private partial void LogDeactivateFailed(Exception e, string grain);

    [LoggerMessage(Level = LogLevel.Error, Message = "A timer of {Grain} failed")]
    private partial void LogTimerFailed(Exception e, string grain);

    [LoggerMessage(Level = LogLevel.Error, Message = "The store failed for {Grain}")]
    private partial void LogStoreFailed(Exception e, string grain);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Activation of {Grain} crashed")]
    private partial void LogActivationCrashed(Exception e, string grain);
}
