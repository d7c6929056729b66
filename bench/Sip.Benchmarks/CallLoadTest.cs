using System.Diagnostics;
using ClutchCall.Sip.Transport;
using ClutchCall.Sip.UserAgent;

namespace ClutchCall.Sip.Benchmarks;

/// <summary>
/// Many concurrent calls between two in-process agents on loopback: INVITE/200/ACK setup, 20 ms PCMU frames one way
/// and echoed back, then BYE. Reports setup latency, packet delivery and the process CPU per call.
/// Usage: dotnet run -c Release -- load [calls=100] [seconds=10] [udp|tcp]
/// </summary>
public static class CallLoadTest
{
    public static async Task RunAsync(string[] args)
    {
        var calls = args.Length > 1 ? int.Parse(args[1]) : 100;
        var seconds = args.Length > 2 ? int.Parse(args[2]) : 10;
        var kind = args.Length > 3 && args[3] == "tcp" ? SipTransportKind.Tcp : SipTransportKind.Udp;
        var options = () => new SipUserAgentOptions { UdpPort = 0, TcpPort = 0, RtpPortMin = 20000, RtpPortMax = 29998, RtpInactivityTimeout = TimeSpan.Zero };
        await using var callee = new SipUserAgent(options());
        await using var caller = new SipUserAgent(options());
        await callee.StartAsync();
        await caller.StartAsync();
        callee.UpsertTrunk(new SipTrunkOptions { Id = "in", Host = "127.0.0.1", InboundAllowedCidrs = ["127.0.0.0/8"] });
        caller.UpsertTrunk(new SipTrunkOptions
        {
            Id = "out", Host = "127.0.0.1", Transport = kind,
            Port = (kind == SipTransportKind.Tcp ? callee.TcpEndPoint! : callee.UdpEndPoint!).Port,
        });

        // The callee answers everything and echoes each frame it hears.
        long echoed = 0;
        var answering = Task.Run(async () =>
        {
            await foreach (var incoming in callee.IncomingCalls.ReadAllAsync())
            {
                var call = await incoming.AcceptAsync();
                _ = Task.Run(async () =>
                {
                    try
                    {
                        await foreach (var f in call.Media.Frames.ReadAllAsync())
                        {
                            await call.Media.SendFrameAsync(f.Payload, 160);
                            Interlocked.Increment(ref echoed);
                        }
                    }
                    catch (Exception) { /* the call ended */ }
                });
            }
        });

        var setup = new double[calls];
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var setupClock = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, calls).Select(async i =>
        {
            var sw = Stopwatch.StartNew();
            var r = await caller.InviteAsync("out", $"+1555{i:D7}");
            setup[i] = sw.Elapsed.TotalMilliseconds;
            return r;
        }));
        var setupWall = setupClock.Elapsed;
        var live = results.Where(r => r.Outcome == SipCallOutcome.Answered).Select(r => r.Call!).ToArray();

        long received = 0;
        var receivers = live.Select(c => Task.Run(async () =>
        {
            try { await foreach (var _ in c.Media.Frames.ReadAllAsync()) Interlocked.Increment(ref received); }
            catch (Exception) { }
        })).ToArray();

        var payload = new byte[160];
        Array.Fill(payload, (byte)0x55);
        var frames = seconds * 50;
        var mediaCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var mediaClock = Stopwatch.StartNew();
        using (var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20)))
        {
            for (var f = 0; f < frames; f++)
            {
                foreach (var c in live) await c.Media.SendFrameAsync(payload, 160);
                await timer.WaitForNextTickAsync();
            }
        }
        await Task.Delay(300);
        var mediaWall = mediaClock.Elapsed;
        var mediaCpu = Process.GetCurrentProcess().TotalProcessorTime - mediaCpuBefore;
        await Task.WhenAll(live.Select(c => c.HangupAsync()));
        var totalCpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;

        Array.Sort(setup);
        double P(double q) => setup[Math.Min(setup.Length - 1, (int)(q * setup.Length))];
        var sent = (long)live.Length * frames;
        Console.WriteLine($"transport={kind} calls={calls} answered={live.Length} media={seconds}s");
        Console.WriteLine($"setup: wall {setupWall.TotalMilliseconds:F0} ms for all, per call p50 {P(0.5):F1} ms p95 {P(0.95):F1} ms max {setup[^1]:F1} ms");
        Console.WriteLine($"frames: sent {sent}, echoed by callee {echoed}, back at caller {received} ({100.0 * received / Math.Max(1, sent):F2} %)");
        Console.WriteLine($"media phase: {mediaCpu.TotalMilliseconds:F0} ms CPU over {mediaWall.TotalSeconds:F1} s wall = {100 * mediaCpu / mediaWall:F1} % of one core for {live.Length} calls (both legs)");
        Console.WriteLine($"per call (both legs, 50 pps each way): {100 * mediaCpu / mediaWall / Math.Max(1, live.Length):F3} % of one core");
        Console.WriteLine($"whole run CPU: {totalCpu.TotalMilliseconds:F0} ms");
        await caller.DisposeAsync();
        await callee.DisposeAsync();
        await answering;
    }
}
