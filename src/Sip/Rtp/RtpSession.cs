using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Threading.Channels;
using ClutchCall.Sip.Sdp;
using Microsoft.Extensions.Logging;

namespace ClutchCall.Sip.Rtp;

/// <summary>
/// One RTP stream pair on UDP (RFC 3550): RTP on an even port, RTCP on the next one. Sends with a random SSRC,
/// sequence and timestamp origin; receives audio frames and RFC 4733 events; keeps the statistics for RTCP
/// SR/RR and the last-packet time used to detect dead legs.
/// </summary>
public sealed partial class RtpSession : IRtpMediaChannel, IAsyncDisposable
{
    private readonly Socket _rtp;
    private readonly Socket _rtcp;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<RtpFrame> _frames = Channel.CreateBounded<RtpFrame>(new BoundedChannelOptions(500) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly Channel<char> _digits = Channel.CreateUnbounded<char>();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly object _statsGate = new();
    private readonly List<Task> _loops = [];
    private NegotiatedMedia? _media;
    private IPEndPoint? _remote;
    private ushort _sequence;
    private uint _timestamp;
    private bool _sentFirst;
    private ITimer? _rtcpTimer;

    private RtpSession(Socket rtp, Socket rtcp, TimeProvider time, ILogger logger)
    {
        _rtp = rtp; _rtcp = rtcp; _time = time; _logger = logger;
        Ssrc = BitConverter.ToUInt32(RandomNumberGenerator.GetBytes(4));
        _sequence = (ushort)RandomNumberGenerator.GetInt32(0, 0x8000);
        _timestamp = (uint)RandomNumberGenerator.GetInt32(0, int.MaxValue);
        LocalEndPoint = (IPEndPoint)rtp.LocalEndPoint!;
        LastPacketAt = time.GetTimestamp();
    }

    /// <summary>Binds an even RTP port and RTP+1 for RTCP inside [portMin, portMax].</summary>
    public static RtpSession Bind(IPAddress address, int portMin, int portMax, TimeProvider time, ILogger logger)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var port = RandomNumberGenerator.GetInt32(portMin / 2, portMax / 2) * 2;
            var rtp = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            var rtcp = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                Transport.UdpSipTransport.TrySetBuffers(rtp, 256 * 1024);
                rtp.Bind(new IPEndPoint(address, port));
                rtcp.Bind(new IPEndPoint(address, port + 1));
                return new RtpSession(rtp, rtcp, time, logger);
            }
            catch (SocketException)
            {
                rtp.Dispose();
                rtcp.Dispose();
            }
        }
        throw new InvalidOperationException($"No free RTP port pair in {portMin}-{portMax}.");
    }

    public uint Ssrc { get; }
    public IPEndPoint LocalEndPoint { get; }
    public IPEndPoint? RemoteEndPoint => _remote;
    public SdpCodec Codec => _media?.Codec ?? SdpCodec.Pcmu;
    public NegotiatedMedia? Media => _media;
    public ChannelReader<RtpFrame> Frames => _frames.Reader;
    public ChannelReader<char> Digits => _digits.Reader;

    public uint PacketsSent { get; private set; }
    public uint OctetsSent { get; private set; }
    public RtpReceiverStatistics Received { get; } = new();
    public RtcpReport? LastRemoteReport { get; private set; }
    public int RtcpReportsReceived { get; private set; }

    /// <summary>TimeProvider timestamp of the last RTP packet (or of the session start).</summary>
    public long LastPacketAt { get; private set; }

    public TimeSpan SinceLastPacket => _time.GetElapsedTime(LastPacketAt);

    /// <summary>Applies (or re-applies after a re-INVITE) the negotiated media.</summary>
    public void Configure(NegotiatedMedia media)
    {
        _media = media;
        if (media.RemoteRtp is not null) _remote = media.RemoteRtp;
    }

    public void Start(TimeSpan rtcpInterval)
    {
        LastPacketAt = _time.GetTimestamp();
        _loops.Add(Task.Run(RtpLoop));
        _loops.Add(Task.Run(RtcpLoop));
        _rtcpTimer = _time.CreateTimer(_ => _ = SendReportAsync(), null, rtcpInterval, rtcpInterval);
    }

    public async ValueTask SendFrameAsync(ReadOnlyMemory<byte> payload, int samples, CancellationToken cancellationToken = default)
    {
        var media = _media;
        if (media is null || _remote is not { } remote || !media.Direction.CanSend()) return;
        var buffer = new byte[RtpHeader.Size + payload.Length];
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            var header = new RtpHeader((byte)media.Codec.PayloadType, !_sentFirst, _sequence++, _timestamp, Ssrc);
            _sentFirst = true;
            _timestamp += (uint)samples;
            header.Write(buffer, payload.Span);
            lock (_statsGate) { PacketsSent++; OctetsSent += (uint)payload.Length; }
        }
        finally { _sendLock.Release(); }
        await SendRawAsync(_rtp, buffer, remote, cancellationToken);
    }

    private async ValueTask SendRawAsync(Socket socket, byte[] buffer, IPEndPoint remote, CancellationToken ct)
    {
        try { await socket.SendToAsync(buffer, SocketFlags.None, remote, ct); }
        catch (SocketException ex) { _logger.LogDebug(ex, "RTP send to {Remote} failed", remote); }
        catch (ObjectDisposedException) { }
    }

    private async Task RtpLoop()
    {
        var buffer = new byte[2048];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        uint? lastEventTimestamp = null;
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult r;
            try { r = await _rtp.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token); }
            catch (SocketException) { continue; }
            catch (Exception) { return; }
            var packet = buffer.AsSpan(0, r.ReceivedBytes);
            if (!RtpHeader.TryParse(packet, out var h, out var range)) continue;
            _remote ??= (IPEndPoint)r.RemoteEndPoint;
            var clock = Codec.ClockRate;
            lock (_statsGate)
            {
                LastPacketAt = _time.GetTimestamp();
                var arrival = (long)(_time.GetTimestamp() * (double)clock / _time.TimestampFrequency);
                Received.OnPacket(h.Ssrc, h.SequenceNumber, h.Timestamp, arrival);
            }
            var payload = packet[range];
            if (_media?.DtmfPayloadType is { } dtmfPt && h.PayloadType == dtmfPt)
            {
                // RFC 4733 §2.5.1.4: the end packet is sent three times; one event = one timestamp.
                if (DtmfEvent.TryParse(payload, out var e) && e.End && lastEventTimestamp != h.Timestamp)
                {
                    lastEventTimestamp = h.Timestamp;
                    _digits.Writer.TryWrite(DtmfEvent.ToDigit(e.Event));
                }
                continue;
            }
            _frames.Writer.TryWrite(new RtpFrame(h.PayloadType, h.SequenceNumber, h.Timestamp, h.Marker, payload.ToArray()));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested) return;
        _stop.Cancel();
        _rtcpTimer?.Dispose();
        _rtp.Dispose();
        _rtcp.Dispose();
        try { await Task.WhenAll(_loops).ConfigureAwait(false); } catch (Exception) { /* loops end with their sockets */ }
        _frames.Writer.TryComplete();
        _digits.Writer.TryComplete();
        _stop.Dispose();
    }
}
