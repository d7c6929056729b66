using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ClutchCall.Runtime.Activation;

/// <summary>Deactivates activations that have been idle longer than the idle timeout and did not ask to be kept alive.</summary>
internal sealed class ActivationCollector(Catalog catalog, IOptions<ActivationOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        var o = options.Value;
        using var timer = new PeriodicTimer(o.CollectionInterval, time);
        while (await timer.WaitForNextTickAsync(ct))
        {
            foreach (var activation in catalog.Snapshot())
            {
                if (activation.Status == ActivationStatus.Active && !activation.IsKeptAlive && !activation.HasOpenChannels
                    && time.GetElapsedTime(activation.LastActivity) > o.IdleTimeout)
                {
                    activation.RequestDeactivation(DeactivationReason.Idle);
                }
            }
        }
    }
}
