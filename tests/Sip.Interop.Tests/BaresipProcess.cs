using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ClutchCall.Sip.Interop.Tests;

/// <summary>
/// One baresip on loopback with a generated config directory. The process is killed on dispose, and a
/// process-exit hook kills any instance a failing test left behind.
/// </summary>
public sealed class BaresipProcess : IAsyncDisposable
{
    private static readonly List<Process> Started = [];
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    static BaresipProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            lock (Started) foreach (var p in Started) TryKill(p);
        };
    }

    private BaresipProcess(string dir, int sipPort, int ctrlPort, string[] commands)
    {
        Directory = dir;
        SipPort = sipPort;
        CtrlPort = ctrlPort;
        var psi = new ProcessStartInfo("baresip")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("-s"); // SIP trace into the captured log, for failure reports
        psi.ArgumentList.Add("-f");
        psi.ArgumentList.Add(dir);
        foreach (var c in commands) { psi.ArgumentList.Add("-e"); psi.ArgumentList.Add(c); }
        _process = new Process { StartInfo = psi };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.Start();
        lock (Started) Started.Add(_process);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Directory { get; }
    public int SipPort { get; }
    public int CtrlPort { get; }
    public IPEndPoint SipEndPoint => new(IPAddress.Loopback, SipPort);
    public string Log { get { lock (_log) return _log.ToString(); } }

    private void OnLine(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
        if (line.Contains("baresip is ready", StringComparison.Ordinal)) _ready.TrySetResult();
    }

    /// <param name="audioSource">baresip's "microphone": "aufile,/path.wav" or "aubridge,name" (echo with a matching player).</param>
    /// <param name="audioPlayer">"aubridge,name" loops what baresip hears back to us; default discards.</param>
    public static async Task<BaresipProcess> StartAsync(string audioSource, string? audioPlayer = null, bool autoAnswer = true,
        params string[] commands)
    {
        var dir = System.IO.Directory.CreateTempSubdirectory("baresip-").FullName;
        // baresip also opens SIP over TLS on sip_listen + 1, so that port must be free too.
        int sipPort;
        do sipPort = FreeUdpTcpPort(); while (!IsFreeTcp(sipPort + 1));
        int ctrlPort;
        do ctrlPort = FreeUdpTcpPort(); while (ctrlPort == sipPort + 1);
        var rtpBase = 41000 + Random.Shared.Next(0, 400) * 20;
        var answer = autoAnswer ? "auto" : "manual";
        var config = $"""
            poll_method		epoll
            sip_listen		127.0.0.1:{sipPort}
            net_interface		127.0.0.1
            audio_player		{audioPlayer ?? "aubridge,discard-" + sipPort}
            audio_source		{audioSource}
            audio_alert		aubridge,alert-{sipPort}
            audio_srate		8000
            audio_channels		1
            answermode		{answer}
            rtp_ports		{rtpBase}-{rtpBase + 19}
            rtp_timeout		0
            module_path		/usr/lib/baresip/modules
            module			stdio.so
            module			g711.so
            module			opus.so
            module			aufile.so
            module			aubridge.so
            module_app		account.so
            module_app		menu.so
            module_app		ctrl_tcp.so
            ctrl_tcp_listen		127.0.0.1:{ctrlPort}
            """;
        await File.WriteAllTextAsync(Path.Combine(dir, "config"), config.Replace("\r", "") + "\n");
        await File.WriteAllTextAsync(Path.Combine(dir, "accounts"), $"<sip:baresip@127.0.0.1:{sipPort}>;regint=0;answermode={answer}\n");
        var p = new BaresipProcess(dir, sipPort, ctrlPort, commands);
        try
        {
            await p._ready.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            var log = p.Log;
            await p.DisposeAsync();
            throw new InvalidOperationException("baresip did not start:\n" + log);
        }
        return p;
    }

    private static bool IsFreeTcp(int port)
    {
        try
        {
            using var tcp = new TcpListener(IPAddress.Loopback, port);
            tcp.Start();
            return true;
        }
        catch (SocketException) { return false; }
    }

    private static int FreeUdpTcpPort()
    {
        for (var i = 0; i < 50; i++)
        {
            using var tcp = new TcpListener(IPAddress.Loopback, 0);
            tcp.Start();
            var port = ((IPEndPoint)tcp.LocalEndpoint).Port;
            try
            {
                using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException) { }
        }
        throw new InvalidOperationException("No free port.");
    }

    /// <summary>Sends a ctrl_tcp command (netstring-framed JSON) and returns the raw JSON reply.</summary>
    public async Task<string> CommandAsync(string command, string parameters = "")
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, CtrlPort);
        var stream = client.GetStream();
        var json = $"{{\"command\":\"{command}\",\"params\":\"{parameters}\",\"token\":\"t1\"}}";
        var frame = Encoding.UTF8.GetBytes($"{Encoding.UTF8.GetByteCount(json)}:{json},");
        await stream.WriteAsync(frame);
        var buffer = new byte[65536];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var sb = new StringBuilder();
        while (true)
        {
            var n = await stream.ReadAsync(buffer, cts.Token);
            if (n == 0) break;
            sb.Append(Encoding.UTF8.GetString(buffer, 0, n));
            var text = sb.ToString();
            // Skip unsolicited event frames; the reply carries our token.
            if (text.Contains("\"response\"", StringComparison.Ordinal) && text.TrimEnd().EndsWith(',')) return text;
        }
        return sb.ToString();
    }

    /// <summary>Opens a ctrl_tcp connection that only listens: baresip pushes its events (JSON in netstrings) to it.</summary>
    public async Task<BaresipEvents> ListenAsync()
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, CtrlPort);
        return new BaresipEvents(client);
    }

    private static void TryKill(Process p)
    {
        try { if (!p.HasExited) p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } catch (System.ComponentModel.Win32Exception) { }
    }

    public async ValueTask DisposeAsync()
    {
        TryKill(_process);
        try { await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5)); } catch (TimeoutException) { }
        lock (Started) Started.Remove(_process);
        _process.Dispose();
        try { System.IO.Directory.Delete(Directory, true); } catch (IOException) { }
    }
}
