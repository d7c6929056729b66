using Xunit.Abstractions;

namespace ClutchCall.Cluster.Tests;

public sealed class TurnTests(ITestOutputHelper output) : ClusterTestBase(output)
{
    protected override int InitialSilos => 2;

    [Fact]
    public async Task A_grain_sees_each_senders_messages_in_order_and_one_at_a_time_under_concurrent_senders()
    {
        const int senders = 8, perSender = 40;
        var grain = Counter("ordered");
        await Task.WhenAll(Enumerable.Range(0, senders).Select(s => Task.Run(async () =>
        {
            for (var i = 1; i <= perSender; i++)
            {
                await grain.AddAsync($"sender{s}", i, 1, 1);
            }
        })));
        var view = await grain.GetAsync();
        Assert.Equal(senders * perSender, view.Total);
        Assert.Equal(senders * perSender, view.Adds);
        Assert.Equal(1, view.MaxConcurrentTurns);
        Assert.False(view.OrderViolated);
    }

    [Fact]
    public async Task Pipelined_calls_from_one_sender_keep_their_order()
    {
        var grain = Counter("pipelined");
        await grain.GetAsync();
        var calls = Enumerable.Range(1, 200).Select(i => grain.AddAsync("pipe", i, 1, 0)).ToArray();
        await Task.WhenAll(calls);
        var view = await grain.GetAsync();
        Assert.Equal(200, view.Total);
        Assert.False(view.OrderViolated);
        Assert.Equal(1, view.MaxConcurrentTurns);
    }
}
