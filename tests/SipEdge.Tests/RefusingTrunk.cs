using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using ClutchCall.Media.Codecs;
using ClutchCall.Sip.Messages;
using ClutchCall.Sip.Parsing;
using ClutchCall.Sip.Rtp;
using ClutchCall.Sip.Sdp;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClutchCall.SipEdge.Tests;

/// <summary>
/// A scripted trunk on raw UDP that refuses REFER (403), as some carriers do; our own agent and baresip always accept it.
/// It answers every INVITE at once with real RTP, plays a given clip on each call, keeps what it hears, answers BYE,
/// and can hang up a call. Built from the stack's public parser and message types; one dialog per Call-ID.
/// </summary>
public sealed class RefusingTrunk : IAsyncDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Func<string, short[]> _clipFor;

    public RefusingTrunk(Func<string, short[]> clipFor)
    {
        _clipFor = clipFor;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public ConcurrentDictionary<string, PeerCall> Calls { get; } = new();

    public ConcurrentQueue<int> ReferResponses { get; } = new();

    public sealed class PeerCall(SipRequest invite, string toTag, IPEndPoint edge, RtpSession rtp)
    {
        public SipRequest Invite { get; } = invite;
        public string ToTag { get; } = toTag;
        public IPEndPoint Edge { get; } = edge;
        public RtpSession Rtp { get; } = rtp;
        public string Number => Invite.RequestUri.User ?? "";
        public List<short> Heard { get; } = [];
        public TaskCompletionSource Bye { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public async Task<PeerCall> WaitForCallAsync(string number, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Calls.Values.FirstOrDefault(c => c.Number == number) is { } call)
            {
                return call;
            }
            await Task.Delay(20);
        }
        throw new TimeoutException($"no INVITE for {number}");
    }

    /// <summary>BYE from our side of the dialog (we are the UAS: From is the INVITE's To with our tag).</summary>
    public async Task HangupAsync(PeerCall call)
    {
        var bye = new SipRequest { Method = SipMethod.Bye, RequestUri = call.Invite.Contact!.Uri };
        bye.AddHeader(SipHeaderNames.Via, $"SIP/2.0/UDP 127.0.0.1:{Port};branch={SipMessageFactory.NewBranch()};rport");
        bye.AddHeader(SipHeaderNames.MaxForwards, "70");
        bye.AddHeader(SipHeaderNames.From, call.Invite.To!.WithTag(call.ToTag).ToString());
        bye.AddHeader(SipHeaderNames.To, call.Invite.GetHeader(SipHeaderNames.From)!);
        bye.AddHeader(SipHeaderNames.CallId, call.Invite.CallId);
        bye.AddHeader(SipHeaderNames.CSeq, "1 BYE");
        await _socket.SendToAsync(SipMessageWriter.ToBytes(bye), call.Edge);
    }

    private async Task LoopAsync()
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult r;
            try
            {
                r = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            if (SipParser.ParseDatagram(buffer.AsSpan(0, r.ReceivedBytes)).Message is not SipRequest request)
            {
                continue; // responses (to our BYE) need nothing
            }
            var from = (IPEndPoint)r.RemoteEndPoint;
            var response = request.Method switch
            {
                SipMethod.Invite when request.To?.Tag is null => Answer(request, from),
                SipMethod.Ack => null,
                SipMethod.Refer => SipMessageFactory.CreateResponse(request, 403, "REFER Not Allowed On This Trunk"),
                SipMethod.Bye => Hangup(request),
                _ => SipMessageFactory.CreateResponse(request, 200),
            };
            if (request.Method == SipMethod.Refer)
            {
                ReferResponses.Enqueue(403);
            }
            if (response is not null)
            {
                await _socket.SendToAsync(SipMessageWriter.ToBytes(response), from);
            }
        }
    }

    private SipResponse Answer(SipRequest invite, IPEndPoint edge)
    {
        if (Calls.TryGetValue(invite.CallId, out var again))
        {
            return Ok(invite, again); // a retransmitted INVITE
        }
        if (SdpParser.TryParse(invite.Body, out var offer) != SdpParseError.None)
        {
            return SipMessageFactory.CreateResponse(invite, 488, toTag: SipMessageFactory.NewTag());
        }
        var rtp = RtpSession.Bind(IPAddress.Loopback, 26000, 26998, TimeProvider.System, NullLogger.Instance);
        var negotiator = new SdpNegotiator([SdpCodec.Pcmu, SdpCodec.TelephoneEvent]);
        if (negotiator.CreateAnswer(offer!, "127.0.0.1", rtp.LocalEndPoint.Port, SdpDirection.SendRecv, 1, 1, out var answer, out var media) != SdpNegotiationError.None)
        {
            return SipMessageFactory.CreateResponse(invite, 488, toTag: SipMessageFactory.NewTag());
        }
        rtp.Configure(media!);
        rtp.Start(TimeSpan.FromSeconds(5));
        var call = new PeerCall(invite, SipMessageFactory.NewTag(), edge, rtp);
        Calls[invite.CallId] = call;
        _ = Task.Run(() => PlayAsync(call, _clipFor(call.Number)));
        _ = Task.Run(() => ListenAsync(call));
        var ok = Ok(invite, call);
        ok.Body = SdpWriter.ToBytes(answer!);
        return ok;
    }

    private SipResponse Ok(SipRequest invite, PeerCall call)
    {
        var ok = SipMessageFactory.CreateResponse(invite, 200, toTag: call.ToTag);
        ok.AddHeader(SipHeaderNames.Contact, $"<sip:trunk@127.0.0.1:{Port}>");
        ok.AddHeader(SipHeaderNames.ContentType, "application/sdp");
        return ok;
    }

    private SipResponse Hangup(SipRequest bye)
    {
        if (Calls.TryGetValue(bye.CallId, out var call))
        {
            call.Bye.TrySetResult();
        }
        return SipMessageFactory.CreateResponse(bye, 200);
    }

    private async Task PlayAsync(PeerCall call, short[] clip)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        var payload = new byte[160];
        for (var i = 0; (i + 1) * 160 <= clip.Length && !call.Bye.Task.IsCompleted && !_stop.IsCancellationRequested; i++)
        {
            G711.EncodeMuLaw(clip.AsSpan(i * 160, 160), payload);
            await call.Rtp.SendFrameAsync(payload, 160);
            await timer.WaitForNextTickAsync();
        }
    }

    private async Task ListenAsync(PeerCall call)
    {
        var pcm = new short[2048];
        try
        {
            await foreach (var frame in call.Rtp.Frames.ReadAllAsync(_stop.Token))
            {
                if (frame.PayloadType != 0)
                {
                    continue;
                }
                G711.DecodeMuLaw(frame.Payload.Span, pcm.AsSpan(0, frame.Payload.Length));
                lock (call.Heard)
                {
                    call.Heard.AddRange(pcm.AsSpan(0, frame.Payload.Length));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        await _loop;
        foreach (var call in Calls.Values)
        {
            await call.Rtp.DisposeAsync();
        }
        _stop.Dispose();
    }
}
