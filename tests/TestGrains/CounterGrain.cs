using ClutchCall.Runtime;

namespace ClutchCall.TestGrains;

public sealed class CounterGrain : Grain<CounterState>, ICounterGrain, IRemindable
{
    private int _inTurn;
    private int _maxConcurrent;
    private int _timerTicks;
    private IDisposable? _timer;

    public override async Task OnActivateAsync(CancellationToken ct)
    {
        State.Activations++;
        await WriteStateAsync(new GrainEvent("activated", $"{{\"silo\":\"{Context.SiloId}\",\"epoch\":{Context.Epoch}}}"));
    }

    public async Task<CounterView> AddAsync(string sender, long sequence, long delta, int holdMs)
    {
        Enter();
        try
        {
            if (State.LastSequence.TryGetValue(sender, out var last) && sequence <= last)
            {
                State.OrderViolated = true;
            }
            State.LastSequence[sender] = sequence;
            if (holdMs > 0)
            {
                await Task.Delay(holdMs);
            }
            State.Total += delta;
            State.Adds++;
            await WriteStateAsync(new GrainEvent("added", $"{{\"sender\":\"{sender}\",\"sequence\":{sequence},\"delta\":{delta}}}", ["senders/" + sender]));
            return View();
        }
        finally
        {
            Exit();
        }
    }

    public Task<CounterView> GetAsync() => Task.FromResult(View());

    public async Task<CounterView> SlowMarkAsync(string marker, int waitMs)
    {
        await Task.Delay(waitMs);
        State.Markers.Add(marker);
        await WriteStateAsync(new GrainEvent("marked", $"\"{marker}\""));
        return View();
    }

    public Task SetReminderAsync(string name, int dueMs) => SetReminderAsync(name, TimeSpan.FromMilliseconds(dueMs));

    public async Task ReceiveReminderAsync(string name)
    {
        State.Reminders.Add(name);
        await WriteStateAsync(new GrainEvent("reminded", $"\"{name}\""));
    }

    public Task StartTimerAsync(int periodMs)
    {
        _timer?.Dispose();
        var period = TimeSpan.FromMilliseconds(periodMs);
        _timer = RegisterTimer(() =>
        {
            Enter();
            _timerTicks++;
            Exit();
            return Task.CompletedTask;
        }, period, period);
        return Task.CompletedTask;
    }

    public Task<int> GetTimerTicksAsync() => Task.FromResult(_timerTicks);

    public Task FailAsync(string message) => throw new InvalidOperationException(message);

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task KeepAliveAsync(bool keepAlive)
    {
        KeepAlive(keepAlive);
        return Task.CompletedTask;
    }

    public Task<CounterView> RoundTripViaAsync(string otherKey) =>
        Context.GrainFactory.GetGrain<ICounterGrain>(otherKey).CallBackAsync(Context.Id.Key);

    public Task<CounterView> CallBackAsync(string key) => Context.GrainFactory.GetGrain<ICounterGrain>(key).GetAsync();

    private void Enter()
    {
        var now = Interlocked.Increment(ref _inTurn);
        _maxConcurrent = Math.Max(_maxConcurrent, now);
    }

    private void Exit() => Interlocked.Decrement(ref _inTurn);

    private CounterView View() => new(
        State.Total, State.Adds, Context.SiloId, Context.Epoch, StateVersion, _maxConcurrent, State.OrderViolated,
        [.. State.Markers], [.. State.Reminders], State.Activations);
}
