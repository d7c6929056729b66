using System.Net;
using System.Net.Sockets;

namespace ClutchCall.Sip.Rtp;

/// <summary>RTCP reports and RFC 4733 digit sending.</summary>
public sealed partial class RtpSession
{
    private uint _lastSrMiddle;
    private long _lastSrAt;

    public async Task SendDigitsAsync(string digits, int durationMs = 100, CancellationToken cancellationToken = default)
    {
        var media = _media;
        if (media?.DtmfPayloadType is not { } pt || _remote is not { } remote)
        {
            throw new InvalidOperationException("The peer did not negotiate telephone-event.");
        }
        var clock = media.Codec.ClockRate == 48000 ? 48000 : 8000;
        var step = clock / 50; // one packet every 20 ms
        foreach (var c in digits)
        {
            if (DtmfEvent.FromDigit(c) is not { } ev) throw new ArgumentException($"'{c}' is not a DTMF digit.", nameof(digits));
            uint start;
            await _sendLock.WaitAsync(cancellationToken);
            try { start = _timestamp; } finally { _sendLock.Release(); }
            var total = clock * durationMs / 1000;
            var first = true;
            for (var duration = step; ; duration += step)
            {
                var end = duration >= total;
                var repeats = end ? 3 : 1;
                for (var i = 0; i < repeats; i++)
                {
                    await SendEventAsync(pt, first, start, new DtmfEvent(ev, end, 10, (ushort)Math.Min(duration, ushort.MaxValue)), remote, cancellationToken);
                    first = false;
                }
                if (end) break;
                await Task.Delay(TimeSpan.FromMilliseconds(20), _time, cancellationToken);
            }
            // The audio clock moves on past the event so the next frame does not reuse its timestamps.
            await _sendLock.WaitAsync(cancellationToken);
            try { _timestamp = start + (uint)total; } finally { _sendLock.Release(); }
            await Task.Delay(TimeSpan.FromMilliseconds(50), _time, cancellationToken);
        }
    }

    private async Task SendEventAsync(int pt, bool marker, uint timestamp, DtmfEvent e, IPEndPoint remote, CancellationToken ct)
    {
        var buffer = new byte[RtpHeader.Size + DtmfEvent.Size];
        await _sendLock.WaitAsync(ct);
        try
        {
            new RtpHeader((byte)pt, marker, _sequence++, timestamp, Ssrc).Write(buffer, default);
            e.Write(buffer.AsSpan(RtpHeader.Size));
            lock (_statsGate) { PacketsSent++; OctetsSent += DtmfEvent.Size; }
        }
        finally { _sendLock.Release(); }
        await SendRawAsync(_rtp, buffer, remote, ct);
    }

    private async Task RtcpLoop()
    {
        var buffer = new byte[1500];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        var reports = new List<RtcpReport>();
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult r;
            try { r = await _rtcp.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token); }
            catch (SocketException) { continue; }
            catch (Exception) { return; }
            reports.Clear();
            if (!RtcpReport.TryParseCompound(buffer.AsSpan(0, r.ReceivedBytes), reports)) continue;
            foreach (var report in reports)
            {
                lock (_statsGate)
                {
                    LastRemoteReport = report;
                    RtcpReportsReceived++;
                    if (report.IsSenderReport)
                    {
                        _lastSrMiddle = (uint)(report.NtpTimestamp >> 16);
                        _lastSrAt = _time.GetTimestamp();
                    }
                }
            }
        }
    }

    /// <summary>Sends an SR when we have sent media, else an RR (RFC 3550 §6.4).</summary>
    public async Task SendReportAsync()
    {
        if (_remote is not { } remote || _stop.IsCancellationRequested) return;
        RtcpReport report;
        lock (_statsGate)
        {
            var blocks = new List<RtcpReportBlock>();
            if (Received.PacketsReceived > 0)
            {
                var dlsr = _lastSrAt == 0 ? 0u : (uint)(_time.GetElapsedTime(_lastSrAt).TotalSeconds * 65536);
                blocks.Add(Received.CreateReportBlock(_lastSrMiddle, dlsr));
            }
            report = PacketsSent > 0
                ? new RtcpReport(true, Ssrc, NtpNow(), _timestamp, PacketsSent, OctetsSent, blocks)
                : new RtcpReport(false, Ssrc, 0, 0, 0, 0, blocks);
        }
        var buffer = new byte[28 + 24 * report.Blocks.Count];
        var length = report.Write(buffer);
        await SendRawAsync(_rtcp, buffer[..length], new IPEndPoint(remote.Address, remote.Port + 1), CancellationToken.None);
    }

    private ulong NtpNow()
    {
        var now = _time.GetUtcNow();
        var seconds = (ulong)(now.ToUnixTimeMilliseconds() / 1000) + 2208988800UL;
        var fraction = (ulong)(now.ToUnixTimeMilliseconds() % 1000) * 0x100000000UL / 1000;
        return seconds << 32 | fraction;
    }
}
