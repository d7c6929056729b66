using ClutchCall.Grains.Interfaces;
using Microsoft.Extensions.Hosting;

namespace ClutchCall.Grains.Trunks;

/// <summary>
/// Creates this process's <see cref="TrunkDirectory"/> when the host starts, so its polling runs before the first call
/// grain asks the catalog about a registry trunk (otherwise the first originate after a start could miss one).
/// </summary>
internal sealed class TrunkDirectoryStarter(TrunkDirectory directory) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = directory.Current;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
