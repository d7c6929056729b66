using ClutchCall.Sip.Transport;
using ClutchCall.Sip.UserAgent;

namespace ClutchCall.Sip.Tests;

/// <summary>Real user agents on loopback with ephemeral ports, and helpers to wire trunks between them.</summary>
public sealed class LoopbackAgents : IAsyncDisposable
{
    private readonly List<SipUserAgent> _agents = [];

    public async Task<SipUserAgent> StartAsync(Action<SipUserAgentOptions>? configure = null)
    {
        var options = new SipUserAgentOptions { UdpPort = 0, TcpPort = 0, RtpPortMin = 40000, RtpPortMax = 49998 };
        configure?.Invoke(options);
        var ua = new SipUserAgent(options);
        await ua.StartAsync();
        _agents.Add(ua);
        return ua;
    }

    /// <summary>Gives <paramref name="from"/> a trunk "to-x" that reaches <paramref name="to"/>, and <paramref name="to"/> an inbound trunk.</summary>
    public static void Connect(SipUserAgent from, SipUserAgent to, SipTransportKind kind, Action<SipTrunkOptions>? outbound = null,
        Action<SipTrunkOptions>? inbound = null)
    {
        var trunk = new SipTrunkOptions
        {
            Id = "out", Host = "127.0.0.1", Port = (kind == SipTransportKind.Tcp ? to.TcpEndPoint! : to.UdpEndPoint!).Port,
            Transport = kind, CallerId = "+15550001111",
        };
        outbound?.Invoke(trunk);
        from.UpsertTrunk(trunk);
        var inboundTrunk = new SipTrunkOptions { Id = "in", Host = "127.0.0.1", InboundAllowedCidrs = ["127.0.0.0/8"] };
        inbound?.Invoke(inboundTrunk);
        to.UpsertTrunk(inboundTrunk);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var a in _agents) await a.DisposeAsync();
    }
}

public static class CallEventExtensions
{
    public static async Task<T> WaitForAsync<T>(this SipCall call, TimeSpan? timeout = null) where T : SipCallEvent
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (await call.Events.WaitToReadAsync(cts.Token))
        {
            while (call.Events.TryRead(out var e)) if (e is T t) return t;
        }
        throw new InvalidOperationException($"The call's events ended without {typeof(T).Name}.");
    }

    public static async Task<SipIncomingCall> NextIncomingAsync(this SipUserAgent ua, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        return await ua.IncomingCalls.ReadAsync(cts.Token);
    }
}
