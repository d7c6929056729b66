using System.Buffers.Binary;
using System.Collections.Concurrent;
using ClutchCall.Runtime;
using ClutchCall.Runtime.Channels;
using ClutchCall.TestGrains;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ClutchCall.Cluster.Tests;

public sealed class ChannelFailoverTests(ITestOutputHelper output) : ClusterTestBase(output)
{
    protected override int InitialSilos => 2;

    [Theory]
    [InlineData("kill")]
    [InlineData("pause")]
    public async Task A_channel_moves_to_the_new_owner_and_frames_keep_their_order(string failure)
    {
        var grain = new GrainId("echo", "stream-" + failure);
        await Cluster.Grains.GetGrain<IEchoGrain>(grain.Key).EchoAsync("activate");
        var owner = SiloById((await Cluster.OwnerOfAsync(grain))!);
        var factory = Cluster.ClientServices.GetRequiredService<IGrainChannelFactory>();
        await using var channel = await ReconnectingGrainChannel.OpenAsync(factory, grain, "audio", default, TimeProvider.System, default);
        var firstEpoch = channel.Epoch;
        var received = new ConcurrentQueue<int>();
        var reader = Task.Run(async () =>
        {
            await foreach (var f in channel.Incoming.ReadAllAsync())
            {
                received.Enqueue(BinaryPrimitives.ReadInt32BigEndian(f.Span));
            }
        });
        using var stop = new CancellationTokenSource();
        var sender = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var frame = new byte[160];
                BinaryPrimitives.WriteInt32BigEndian(frame, i);
                channel.TrySend(frame);
                await Task.Delay(5);
            }
        });

        await EventuallyAsync(() => Task.FromResult(received.Count > 20), TimeSpan.FromSeconds(10), "frames echoed");
        if (failure == "kill")
        {
            await owner.KillAsync();
        }
        else
        {
            owner.Pause();
        }
        try
        {
            await EventuallyAsync(() => Task.FromResult(channel.Reopens >= 1), TimeSpan.FromSeconds(20), "the channel re-opened on the new owner");
            var count = received.Count;
            await EventuallyAsync(() => Task.FromResult(received.Count > count + 20), TimeSpan.FromSeconds(10), "frames flowing again");
        }
        finally
        {
            if (failure == "pause")
            {
                owner.Resume();
            }
        }
        stop.Cancel();
        await sender;
        Output.WriteLine($"{failure}: channel gap {channel.LongestGap.TotalMilliseconds:F0} ms after the owner failed");

        var sequence = received.ToArray();
        Assert.True(sequence.Zip(sequence.Skip(1)).All(p => p.Second > p.First), "frames out of order or duplicated");
        Assert.True(channel.Epoch > firstEpoch);
        Assert.NotEqual(owner.Id, await Cluster.OwnerOfAsync(grain));
    }
}
