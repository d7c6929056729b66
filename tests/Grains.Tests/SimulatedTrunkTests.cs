using ClutchCall.Grains.Interfaces;

namespace ClutchCall.Grains.Tests;

public sealed class SimulatedTrunkTests
{
    private static readonly DateTimeOffset T0 = CallFixtures.T0;

    [Theory]
    [InlineData("+15551234567", "Ringing@200,Answered@1000")]
    [InlineData("+15551234486", "Busy@500")]
    [InlineData("+15551234503", "Failed@200")]
    [InlineData("+15551234408", "Ringing@200")]
    [InlineData("+15551234712", "Ringing@200,Answered@12000")]
    [InlineData("+15551234700", "Ringing@200,Answered@1000")]
    [InlineData("+15551234905", "Ringing@200,Answered@1000,RemoteHangup@6000")]
    public void Last_three_digits_choose_the_far_end(string to, string expected)
    {
        var plan = SimulatedTrunk.Plan(to, T0);

        Assert.Equal(expected, string.Join(",", plan.Select(s => $"{s.Signal}@{(s.At - T0).TotalMilliseconds}")));
    }

    [Fact]
    public void Plans_are_in_time_order_for_every_ending()
    {
        for (var tail = 0; tail < 1000; tail++)
        {
            var plan = SimulatedTrunk.Plan($"+1555123{tail:D4}", T0);
            Assert.NotEmpty(plan);
            Assert.True(plan.Zip(plan.Skip(1)).All(p => p.First.At <= p.Second.At), $"tail {tail}");
            Assert.All(plan, s => Assert.True(s.At > T0));
        }
    }
}
