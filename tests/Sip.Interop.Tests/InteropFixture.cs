using ClutchCall.Sip.Transport;
using ClutchCall.Sip.UserAgent;

namespace ClutchCall.Sip.Interop.Tests;

/// <summary>Shared speech fixture (one espeak-ng run per test class).</summary>
public sealed class SpeechFixture : IAsyncLifetime
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("sip-interop-").FullName;
    public string SpeechWav { get; private set; } = "";
    public short[] Speech { get; private set; } = [];

    /// <summary>The same speech at 48 kHz stereo: baresip's aufile source must match the codec (opus/48000/2).</summary>
    public string SpeechWav48k { get; private set; } = "";

    public async Task InitializeAsync()
    {
        SpeechWav = await AudioFixtures.MakeSpeechWavAsync(Dir, "Hello from clutch call. One, two, three.");
        Speech = AudioFixtures.ReadWav(SpeechWav);
        SpeechWav48k = Path.Combine(Dir, "speech48k.wav");
        await AudioFixtures.RunAsync("sox", SpeechWav, "-r", "48000", "-c", "2", SpeechWav48k);
    }

    public Task DisposeAsync()
    {
        try { Directory.Delete(Dir, true); } catch (IOException) { }
        return Task.CompletedTask;
    }
}

public static class Agents
{
    public static async Task<SipUserAgent> StartAsync(Action<SipUserAgentOptions>? configure = null)
    {
        var options = new SipUserAgentOptions { UdpPort = 0, TcpPort = 0, RtpPortMin = 30000, RtpPortMax = 39998 };
        options.Trunks.Add(new SipTrunkOptions { Id = "local-in", Host = "127.0.0.1", InboundAllowedCidrs = ["127.0.0.0/8"] });
        configure?.Invoke(options);
        var ua = new SipUserAgent(options);
        await ua.StartAsync();
        return ua;
    }

    public static void AddTrunkTo(this SipUserAgent ua, BaresipProcess baresip, string id = "baresip") =>
        ua.UpsertTrunk(new SipTrunkOptions { Id = id, Host = "127.0.0.1", Port = baresip.SipPort, Transport = SipTransportKind.Udp, CallerId = "clutchcall" });

    public static async Task<T> WaitForAsync<T>(this SipCall call, TimeSpan? timeout = null) where T : SipCallEvent
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (await call.Events.WaitToReadAsync(cts.Token))
        {
            while (call.Events.TryRead(out var e)) if (e is T t) return t;
        }
        throw new InvalidOperationException($"The call's events ended without {typeof(T).Name}.");
    }
}
