using System.Text;
using ClutchCall.Runtime.Membership;
using ClutchCall.Runtime.Messaging;
using ClutchCall.Runtime.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClutchCall.Runtime.Activation;

/// <summary>
/// Delivers due reminders through the ordinary routing path, so a reminder activates its grain wherever it
/// belongs. A reminder is leased while it is delivered; one whose delivery failed is retried when the lease ends.
/// </summary>
internal sealed partial class ReminderService(
    IReminderStore store,
    MessageRouter router,
    LocalSilo local,
    IOptions<ActivationOptions> options,
    TimeProvider time,
    ILogger<ReminderService> log) : BackgroundService
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(options.Value.ReminderPollInterval, time);
        while (await timer.WaitForNextTickAsync(ct))
        {
            if (!local.IsServing)
            {
                continue;
            }
            try
            {
                var due = await store.TakeDueAsync(100, Lease);
                await Parallel.ForEachAsync(due, ct, async (reminder, _) => await DeliverAsync(reminder));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPollFailed(e);
            }
        }
    }

    private async Task DeliverAsync(DueReminder reminder)
    {
        try
        {
            var args = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new[] { reminder.Name }));
            await router.InvokeAsync(reminder.Grain, GrainTypeRegistry.ReminderMethod, args);
            await store.CompleteAsync(reminder);
        }
        catch (Exception e)
        {
            LogDeliveryFailed(e, reminder.Grain.ToString(), reminder.Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reminder poll failed")]
    private partial void LogPollFailed(Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reminder {Name} of {Grain} was not delivered; it is retried when its lease ends")]
    private partial void LogDeliveryFailed(Exception e, string grain, string name);
}
