using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ClutchCall.Moqt.Hosting;

/// <summary>
/// Drains the MoQT sessions when the host stops, in the stopping phase that runs before any hosted service (the web
/// server included) is stopped: peers get GOAWAY while this instance still accepts their next session (or a load
/// balancer sends them elsewhere), and the server's own stop then finds no session holding it up.
/// </summary>
internal sealed class MoqtDrainOnStop(MoqtSessions sessions, IOptions<MoqtDrainOptions> options) : IHostedLifecycleService
{
    public Task StoppingAsync(CancellationToken cancellationToken) =>
        sessions.Count == 0 ? Task.CompletedTask : sessions.GoAwayAllAsync(options.Value.NewSessionUri, options.Value.Grace, cancellationToken);

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
