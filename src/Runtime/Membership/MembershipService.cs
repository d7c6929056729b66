using ClutchCall.Runtime.Activation;
using ClutchCall.Runtime.Messaging;
using ClutchCall.Runtime.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClutchCall.Runtime.Membership;

/// <summary>
/// Joins the cluster, renews the lease, watches for expired leases, refreshes the view and, on a silo,
/// re-activates orphaned grains. A silo that learns it was declared dead stops serving and stops the host.
/// </summary>
internal sealed partial class MembershipService(
    IClusterStore store,
    MembershipView view,
    LocalSilo local,
    IServiceProvider services,
    IOptions<ClusterOptions> cluster,
    IOptions<MembershipOptions> membership,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<MembershipService> log) : IHostedService, IAsyncDisposable
{
    private readonly MembershipOptions _options = membership.Value;
    private readonly bool _isSilo = cluster.Value.Role == ClusterRole.Silo;
    private readonly CancellationTokenSource _stop = new();
    private SiloListener? _listener;
    private Catalog? _catalog;
    private Task? _heartbeat;
    private Task? _monitor;
    private long _lastRenewal;
    private long _healthySince;

    public async Task StartAsync(CancellationToken ct)
    {
        if (_isSilo)
        {
            _catalog = (Catalog)services.GetService(typeof(Catalog))!;
            _listener = (SiloListener)services.GetService(typeof(SiloListener))!;
            var incarnation = await store.NextIncarnationAsync();
            var id = $"{cluster.Value.SiloName}@{incarnation}";
            _listener.Start();
            await store.JoinAsync(new SiloInfo(id, _listener.Endpoint), _options.LeaseTtl);
            _lastRenewal = _healthySince = time.GetTimestamp();
            local.Joined(id, _listener.Endpoint);
            LogJoined(id, _listener.Endpoint);
            _heartbeat = Task.Run(HeartbeatLoopAsync);
        }
        view.Update(await store.ReadViewAsync());
        _monitor = Task.Run(MonitorLoopAsync);
    }

    private async Task HeartbeatLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.HeartbeatInterval, time, _stop.Token);
                await RenewAsync();
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (Exception e)
            {
                LogHeartbeatFailed(e);
            }
            // A silo that cannot renew must assume it may be replaced: stop taking turns until it renews.
            if (local.State == LocalSiloState.Serving && time.GetElapsedTime(_lastRenewal) > _options.LeaseTtl)
            {
                LogSuspended(local.Id!);
                local.Set(LocalSiloState.Suspended);
            }
        }
    }

    private async Task RenewAsync()
    {
        var result = await store.HeartbeatAsync(local.Id!, _options.LeaseTtl);
        if (result.Outcome == HeartbeatOutcome.DeclaredDead)
        {
            await OnDeclaredDeadAsync();
            return;
        }
        // After a gap (this silo or Redis stalled) every lease may have lapsed: wait one full lease before
        // judging others, so they get the chance to renew that this silo just had.
        if (time.GetElapsedTime(_lastRenewal) > _options.HeartbeatInterval * 2.5)
        {
            _healthySince = time.GetTimestamp();
        }
        _lastRenewal = time.GetTimestamp();
        if (local.State == LocalSiloState.Suspended)
        {
            local.Set(LocalSiloState.Serving);
        }
        if (result.ViewVersion != view.Current.Version)
        {
            view.Update(await store.ReadViewAsync());
        }
    }

    private async Task OnDeclaredDeadAsync()
    {
        if (local.State == LocalSiloState.Dead || local.State == LocalSiloState.Stopping)
        {
            return;
        }
        LogDeclaredDead(local.Id!);
        local.Set(LocalSiloState.Dead);
        await _catalog!.DeactivateAllAsync(DeactivationReason.SiloDeclaredDead);
        Environment.ExitCode = SiloExitCodes.DeclaredDead;
        lifetime.StopApplication();
    }

    private async Task MonitorLoopAsync()
    {
        var lastForget = time.GetTimestamp();
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.MonitorInterval, time, _stop.Token);
                if (_isSilo && local.IsServing && time.GetElapsedTime(_healthySince) >= _options.LeaseTtl
                    && time.GetElapsedTime(_lastRenewal) < _options.LeaseTtl / 2)
                {
                    var dead = await store.DeclareExpiredDeadAsync();
                    foreach (var id in dead)
                    {
                        LogDeclaredOtherDead(id);
                    }
                }
                view.Update(await store.ReadViewAsync());
                if (_isSilo && local.IsServing)
                {
                    await _catalog!.ActivateOrphansAsync(view.Current);
                    if (time.GetElapsedTime(lastForget) > _options.DefunctSiloRetention / 10)
                    {
                        lastForget = time.GetTimestamp();
                        await store.ForgetDefunctAsync(_options.DefunctSiloRetention);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (Exception e)
            {
                LogMonitorFailed(e);
            }
        }
    }

    /// <summary>Graceful leave: stop placements here, hand every grain off, then go.</summary>
    public async Task StopAsync(CancellationToken ct)
    {
        if (_isSilo && local.State is LocalSiloState.Serving or LocalSiloState.Suspended)
        {
            local.Set(LocalSiloState.Stopping);
            try
            {
                await store.BeginLeaveAsync(local.Id!);
                await _catalog!.DeactivateAllAsync(DeactivationReason.SiloStopping);
                await store.CompleteLeaveAsync(local.Id!);
                LogLeft(local.Id!);
            }
            catch (Exception e)
            {
                LogLeaveFailed(e);
            }
        }
        await DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }
        _stop.Cancel();
        foreach (var loop in new[] { _heartbeat, _monitor })
        {
            if (loop is not null)
            {
                await loop;
            }
        }
        if (_listener is not null)
        {
            await _listener.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {SiloId} joined, serving grain messages at {Endpoint}")]
    private partial void LogJoined(string siloId, string endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat failed")]
    private partial void LogHeartbeatFailed(Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo {SiloId} could not renew its lease in time; refusing turns until it does")]
    private partial void LogSuspended(string siloId);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Silo {SiloId} was declared dead by the cluster; it stops serving and exits")]
    private partial void LogDeclaredDead(string siloId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Declared silo {SiloId} dead: its lease expired")]
    private partial void LogDeclaredOtherDead(string siloId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Membership monitor failed")]
    private partial void LogMonitorFailed(Exception e);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {SiloId} left the cluster")]
    private partial void LogLeft(string siloId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Graceful leave failed")]
    private partial void LogLeaveFailed(Exception e);
}

public static class SiloExitCodes
{
    /// <summary>The process exited because the cluster declared it dead.</summary>
    public const int DeclaredDead = 3;
}
