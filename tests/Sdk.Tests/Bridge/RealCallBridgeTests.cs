using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;

namespace ClutchCall.Sdk.Tests.Bridge;

/// <summary>
/// The SDK bridge against the real call grain (simulated trunk): the contract both sides code against, end to end.
/// </summary>
public sealed class RealCallBridgeTests(SdkFixture fixture) : IClassFixture<SdkFixture>
{
    [Fact]
    public async Task Attach_to_a_live_simulated_call_hears_the_caller_in_the_asked_format_and_ends_with_the_call()
    {
        var call = await fixture.Voice.Calls.OriginateAsync(new OriginateArgs { To = "+15551234567", From = "+15558675309", TrunkId = "trunk_sim" });
        var live = await fixture.Voice.UntilAsync(call.Sid, c => c.Status == CallStatus.InProgress);
        Assert.Equal(CallStatus.InProgress, live.Status);

        // PCM16 16 kHz mono 20 ms: every frame the grain sends must be 320 samples = 640 bytes. The bridge echoes the
        // caller back as downlink (the grain mixes it for the caller).
        var uplink = new ConcurrentQueue<int>();
        AudioBridge? echo = null;
        await using var audio = await fixture.Voice.AudioBridge.AttachAsync(call.Sid, new AudioBridgeOptions
        {
            Codec = AudioCodec.Pcm16,
            SampleRate = 16000,
            OnUplink = (f, ts) =>
            {
                uplink.Enqueue(f.Length);
                echo?.PublishDownlink(f.ToArray(), ts);
            },
        });
        echo = audio;
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (uplink.Count < 10 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        Assert.True(uplink.Count >= 10, $"only {uplink.Count} uplink frames from the real call grain");
        Assert.All(uplink, length => Assert.Equal(640, length));

        await live.HangupAsync();
        await audio.Completion.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal("call ended", audio.EndReason);
    }
}

public sealed class BridgeRefusalEventTests(SdkFixture fixture) : IClassFixture<SdkFixture>
{
    [Fact]
    public async Task Refused_bridges_are_events_on_the_call_when_the_peer_held_a_token_for_it()
    {
        var call = await fixture.Voice.Calls.OriginateAsync(new OriginateArgs { To = "+15551234712", From = "+15558675309", TrunkId = "trunk_sim" });

        // Not answered yet (the callee picks up after 12 s): the grain refuses, and says so on the call's stream.
        var early = await Assert.ThrowsAsync<AudioBridgeException>(() => fixture.Voice.AudioBridge.AttachAsync(call.Sid));
        Assert.Contains("call not answered", early.Reason);

        var events = fixture.Host.Services.GetRequiredService<ClutchCall.Runtime.IEventLog>();
        var refused = (await events.ReadAsync($"call/{call.Sid}", null, 100, default))
            .Where(e => e.Type == "call.bridge.refused").Select(e => e.Data).ToList();
        Assert.Single(refused);
        Assert.Contains("call not answered", refused[0]);
        Assert.Contains("\"bridge\":\"attach\"", refused[0]);
        await (await fixture.Voice.Calls.GetAsync(call.Sid)).HangupAsync();
    }
}
