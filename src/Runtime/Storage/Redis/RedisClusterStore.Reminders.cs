using StackExchange.Redis;

namespace ClutchCall.Runtime.Storage.Redis;

internal sealed partial class RedisClusterStore
{
    public Task SetAsync(GrainId grain, string name, TimeSpan dueIn) =>
        Run("reminder_set", _p, ReminderMember(grain, name), (long)dueIn.TotalMilliseconds);

    public Task ClearAsync(GrainId grain, string name) =>
        _db.SortedSetRemoveAsync($"{_p}:reminders", ReminderMember(grain, name));

    public async Task<IReadOnlyList<DueReminder>> TakeDueAsync(int max, TimeSpan lease)
    {
        var r = (RedisResult[])(await Run("reminder_take", _p, max, (long)lease.TotalMilliseconds))!;
        var due = new List<DueReminder>(r.Length / 2);
        for (var i = 0; i + 1 < r.Length; i += 2)
        {
            var (grain, name) = ParseReminderMember((string)r[i]!);
            due.Add(new DueReminder(grain, name, double.Parse((string)r[i + 1]!, System.Globalization.CultureInfo.InvariantCulture)));
        }
        return due;
    }

    public Task CompleteAsync(DueReminder reminder) =>
        Run("reminder_complete", _p, ReminderMember(reminder.Grain, reminder.Name), reminder.LeaseScore);

    // A newline cannot occur in a grain id that came through a URL, and keeps the member readable in redis-cli.
    internal static string ReminderMember(GrainId grain, string name) => grain + "\n" + name;

    internal static (GrainId Grain, string Name) ParseReminderMember(string member)
    {
        var split = member.LastIndexOf('\n');
        return (GrainId.Parse(member[..split]), member[(split + 1)..]);
    }
}
