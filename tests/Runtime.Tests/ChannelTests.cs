using System.Buffers.Binary;
using ClutchCall.Runtime.Activation;
using ClutchCall.Runtime.Messaging;
using ClutchCall.TestGrains;
using ClutchCall.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ClutchCall.Runtime.Tests;

public sealed class ChannelTests : IAsyncLifetime
{
    private IHost _host = null!;

    private IGrainChannelFactory Channels => _host.Services.GetRequiredService<IGrainChannelFactory>();

    public async Task InitializeAsync() => _host = await TestHosts.StartAsync(new Dictionary<string, string?>(), s => s.AddTestGrains());

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    private static byte[] Frame(int sequence)
    {
        var frame = new byte[160];
        BinaryPrimitives.WriteInt32BigEndian(frame, sequence);
        return frame;
    }

    [Fact]
    public async Task Frames_reach_the_grain_and_come_back_in_order()
    {
        await using var channel = await Channels.OpenAsync(new GrainId("echo", "e1"), "audio", "{}"u8.ToArray(), default);
        Assert.Equal(1, channel.Epoch);
        var received = new List<int>();
        var reader = Task.Run(async () =>
        {
            await foreach (var f in channel.Incoming.ReadAllAsync())
            {
                received.Add(BinaryPrimitives.ReadInt32BigEndian(f.Span));
                if (received.Count == 50)
                {
                    return;
                }
            }
        });
        for (var i = 0; i < 50; i++)
        {
            Assert.True(channel.TrySend(Frame(i)));
            await Task.Delay(1);
        }
        await reader.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(Enumerable.Range(0, 50), received);
    }

    [Fact]
    public async Task A_grain_that_deactivates_closes_its_channels()
    {
        var channel = await Channels.OpenAsync(new GrainId("echo", "e2"), "audio", default, default);
        await _host.Services.GetRequiredService<IGrainFactory>().GetGrain<IEchoGrain>("e2").EndAsync();
        Assert.Equal(ChannelCloseReason.Closed, await channel.Completion.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(channel.TrySend(Frame(1)));
    }

    [Fact]
    public async Task Channels_are_refused_by_grains_that_do_not_take_them_or_say_no()
    {
        var none = await Assert.ThrowsAsync<GrainCallException>(() => Channels.OpenAsync(new GrainId("counter", "c"), "audio", default, default));
        Assert.Equal("NoChannels", none.ErrorType);
        var no = await Assert.ThrowsAsync<GrainCallException>(() => Channels.OpenAsync(new GrainId("echo", "e3"), "audio", "refuse"u8.ToArray(), default));
        Assert.Equal(typeof(InvalidOperationException).FullName, no.ErrorType);
    }

    [Fact]
    public async Task Requests_and_channel_opens_with_a_stale_epoch_are_refused()
    {
        var grains = _host.Services.GetRequiredService<IGrainFactory>();
        var catalog = _host.Services.GetRequiredService<Catalog>();
        await grains.GetGrain<IEchoGrain>("epochs").EndAsync();
        await grains.GetGrain<IEchoGrain>("epochs").EchoAsync("again");
        var id = new GrainId("echo", "epochs");
        var call = await catalog.HandleAsync(new GrainRequest(id, 1, "IEchoGrain.EchoAsync", "[\"x\"]"u8.ToArray()));
        Assert.Equal((ResponseStatus.StaleEpoch, 2L), (call.Status, call.Epoch));
        var (_, grainSide) = ClutchCall.Runtime.Channels.ChannelEnd.Pair(id, "audio");
        var open = await catalog.OpenChannelAsync(new GrainRequest(id, 1, "audio", default), grainSide);
        Assert.Equal((ResponseStatus.StaleEpoch, 2L), (open.Status, open.Epoch));
        var current = await catalog.OpenChannelAsync(new GrainRequest(id, 2, "audio", default), grainSide);
        Assert.Equal(ResponseStatus.Ok, current.Status);
    }
}

public sealed class ChannelShutdownTests
{
    [Fact]
    public async Task A_channel_open_queued_behind_a_deactivation_is_answered_and_retried_on_the_next_activation()
    {
        using var host = await TestHosts.StartAsync(new Dictionary<string, string?>(), s => s.AddTestGrains());
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var channels = host.Services.GetRequiredService<IGrainChannelFactory>();
        for (var i = 0; i < 20; i++)
        {
            var echo = grains.GetGrain<IEchoGrain>($"closing{i}");
            await echo.EchoAsync("activate");
            var ending = echo.EndAsync();
            var open = channels.OpenAsync(new GrainId("echo", $"closing{i}"), "audio", default, default);
            await ending;
            var channel = await open.WaitAsync(TimeSpan.FromSeconds(15));
            Assert.True(channel.TrySend(new byte[] { 1 }));
            Assert.Equal(new byte[] { 1 }, (await channel.Incoming.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5))).ToArray());
            channel.Close();
        }
        await host.StopAsync();
    }
}
