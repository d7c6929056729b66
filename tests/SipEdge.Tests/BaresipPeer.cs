using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ClutchCall.Sip.Interop.Tests;

namespace ClutchCall.SipEdge.Tests;

/// <summary>
/// One baresip on loopback playing the PSTN: it plays a WAV (or silence), records what it hears with the sndfile
/// module (dump-*-dec.wav in <see cref="Directory"/>), and is driven over ctrl_tcp and its console (DTMF keys).
/// </summary>
public sealed class BaresipPeer : IAsyncDisposable
{
    private static readonly List<Process> Started = [];
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    static BaresipPeer()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            lock (Started)
            {
                foreach (var p in Started)
                {
                    TryKill(p);
                }
            }
        };
    }

    private BaresipPeer(string dir, int sipPort, int ctrlPort)
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
            WorkingDirectory = dir,
        };
        psi.ArgumentList.Add("-f");
        psi.ArgumentList.Add(dir);
        _process = new Process { StartInfo = psi };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.Start();
        lock (Started)
        {
            Started.Add(_process);
        }
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Directory { get; }
    public int SipPort { get; }
    public int CtrlPort { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.AppendLine(line);
        }
        if (line.Contains("baresip is ready", StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }
    }

    /// <param name="wav">8 kHz mono 16-bit speech baresip plays as its microphone.</param>
    /// <param name="user">The number baresip answers as (its account's user part): what our INVITE's request URI names.</param>
    public static async Task<BaresipPeer> StartAsync(string wav, bool autoAnswer = true, string user = "+15551230001")
    {
        var dir = System.IO.Directory.CreateTempSubdirectory("sipedge-baresip-").FullName;
        int sipPort;
        do
        {
            sipPort = FreePort();
        }
        while (!IsFreeTcp(sipPort + 1));
        int ctrlPort;
        do
        {
            ctrlPort = FreePort();
        }
        while (ctrlPort == sipPort + 1);
        var rtpBase = 41000 + Random.Shared.Next(0, 400) * 20;
        var answer = autoAnswer ? "auto" : "manual";
        var config = $"""
            poll_method		epoll
            sip_listen		127.0.0.1:{sipPort}
            net_interface		127.0.0.1
            audio_player		aubridge,discard-{sipPort}
            audio_source		aufile,{wav}
            audio_alert		aubridge,alert-{sipPort}
            audio_srate		8000
            audio_channels		1
            answermode		{answer}
            rtp_ports		{rtpBase}-{rtpBase + 19}
            rtp_timeout		0
            snd_path		{dir}
            module_path		/usr/lib/baresip/modules
            module			stdio.so
            module			g711.so
            module			aufile.so
            module			aubridge.so
            module			sndfile.so
            module_app		account.so
            module_app		menu.so
            module_app		ctrl_tcp.so
            ctrl_tcp_listen		127.0.0.1:{ctrlPort}
            """;
        await File.WriteAllTextAsync(Path.Combine(dir, "config"), config.Replace("\r", "") + "\n");
        await File.WriteAllTextAsync(Path.Combine(dir, "accounts"), $"<sip:{user}@127.0.0.1:{sipPort}>;regint=0;answermode={answer}\n");
        var p = new BaresipPeer(dir, sipPort, ctrlPort);
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

    /// <summary>Opens a ctrl_tcp connection: baresip pushes its events to the newest client; commands go on it too.</summary>
    public async Task<BaresipEvents> ListenAsync()
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, CtrlPort);
        return new BaresipEvents(client);
    }

    /// <summary>Types keys on baresip's console: during a call, digits are sent as RFC 4733 telephone-events.</summary>
    public async Task TypeAsync(string keys)
    {
        foreach (var key in keys)
        {
            await _process.StandardInput.WriteAsync(key);
            await _process.StandardInput.FlushAsync();
            await Task.Delay(300);
        }
    }

    /// <summary>What baresip heard, decoded (the sndfile module's "-dec" dump), once the call has ended.</summary>
    public short[] Recorded()
    {
        var file = System.IO.Directory.GetFiles(Directory, "dump-*dec.wav").OrderBy(File.GetLastWriteTimeUtc).LastOrDefault()
            ?? throw new InvalidOperationException("baresip recorded nothing:\n" + string.Join(", ", System.IO.Directory.GetFiles(Directory)));
        return AudioFixtures.ReadWav(file);
    }

    /// <summary>Crash: no BYE, no more RTP.</summary>
    public void Kill() => TryKill(_process);

    private static bool IsFreeTcp(int port)
    {
        try
        {
            using var tcp = new TcpListener(IPAddress.Loopback, port);
            tcp.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
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
            catch (SocketException)
            {
            }
        }
        throw new InvalidOperationException("No free port.");
    }

    private static void TryKill(Process p)
    {
        try
        {
            if (!p.HasExited)
            {
                p.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        TryKill(_process);
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
        }
        lock (Started)
        {
            Started.Remove(_process);
        }
        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, true);
        }
        catch (IOException)
        {
        }
    }
}
