using System.Threading.Channels;
using ClutchCall.Grains.Interfaces;
using ClutchCall.Media;
using ClutchCall.Media.Codecs;
using ClutchCall.Runtime;
using ClutchCall.Sip.Rtp;
using ClutchCall.Sip.UserAgent;
using Microsoft.Extensions.Logging;

namespace ClutchCall.Gateway.Sip;

/// <summary>
/// One call's telephone leg at the edge: the SIP dialog and its RTP on one side, the leg channel to <c>call/{sid}</c>
/// on the other. Audio: RTP -> jitter buffer -> one encoded frame per 20 ms to the grain; the grain's downlink frames
/// go out as RTP as they come (the grain's media loop paces them). Control frames from the grain become SIP requests;
/// what the far end does is reported to the grain, in order, by <see cref="ICallGrain.ReportLegProgressAsync"/>.
/// </summary>
internal sealed partial class SipLeg
{
    private readonly SipEdge _edge;
    private readonly string _direction;
    private readonly ILogger _log;
    private readonly Channel<LegProgress> _progress = System.Threading.Channels.Channel.CreateUnbounded<LegProgress>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _dial = new();
    private Task _progressSender = Task.CompletedTask;
    private Task _control = Task.CompletedTask;
    private Task _events = Task.CompletedTask;
    private Task _uplink = Task.CompletedTask;
    private LegChannel? _channel;
    private volatile SipCall? _call;
    private SipIncomingCall? _incoming;
    private volatile AudioFormat? _format;
    private RtpAudioPort? _port;
    private IAudioEncoder? _encoder;
    private int _answering;
    private volatile bool _endedByGrain;
    private Task _digits = Task.CompletedTask;

    /// <param name="legName"><see cref="LegNames.Caller"/>, or <see cref="LegNames.Callee"/> for the original callee an inbound connect dials.</param>
    public SipLeg(SipEdge edge, string sid, string direction, string legName = LegNames.Caller)
    {
        _edge = edge;
        Sid = sid;
        _direction = direction;
        LegName = legName;
        _log = edge.Logger;
    }

    public string Sid { get; }

    public string LegName { get; }

    /// <summary>The edge's key for this leg: the sid, or the sid and the leg name for a callee.</summary>
    public string Key => SipEdge.LegKey(Sid, LegName);

    public SipCall? Call => _call;

    public LegChannel? Channel => _channel;

    private ICallGrain Grain => _edge.Grains.GetGrain<ICallGrain>(Sid);

    private byte[] Metadata() => SipLegWire.Metadata(_direction, _format);

    /// <summary>Dials the originated call: open the leg (so the grain can CANCEL), INVITE, then media until either side ends it.</summary>
    public async Task RunOutboundAsync(OriginateCall request)
    {
        _progressSender = Task.Run(SendProgressAsync);
        if (!await OpenChannelAsync())
        {
            Report(new LegProgress(LegSignal.Rejected, 503));
            await FinishAsync();
            return;
        }
        InviteResult result;
        var started = _edge.Time.GetTimestamp();
        try
        {
            var options = new InviteOptions
            {
                CallerId = request.From,
                RingTimeout = TimeSpan.FromSeconds(request.RingTimeoutSec) + _edge.Options.RingTimeoutMargin,
                OnCallCreated = c =>
                {
                    _call = c;
                    _events = Task.Run(() => PumpEventsAsync(c));
                },
            };
            result = await _edge.Agent.InviteAsync(request.TrunkId, request.To, options, _dial.Token);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogDialFailed(e, Sid, request.TrunkId);
            result = new InviteResult(SipCallOutcome.Failed, null, SipFailure.Local(SipFailureReason.Failed, 500, e.Message));
        }
        if (result is { Outcome: SipCallOutcome.Answered, Call: { } call })
        {
            _edge.Metrics.SetupTime(_edge.Time.GetElapsedTime(started));
            StartMedia(call);
            Report(new LegProgress(LegSignal.Answered, 200, SipLegWire.ToContract(_format!)));
            if (_endedByGrain)
            {
                await call.HangupAsync(); // the call ended while the 200 OK was on its way
            }
            await ReportEndAsync(call);
        }
        else
        {
            LogDialOutcome(Sid, result.Outcome.ToString(), result.Failure?.SipCode ?? 0);
            Report(new LegProgress(LegSignal.Rejected, result.Failure?.SipCode ?? 500));
        }
        await FinishAsync();
    }

    /// <summary>An INVITE that passed the trunk's rules: ring the grain in (PENDING, call.incoming), hold the INVITE with 180 until the grain answers.</summary>
    public async Task RunInboundAsync(SipIncomingCall incoming)
    {
        _incoming = incoming;
        _call = incoming.Call;
        _progressSender = Task.Run(SendProgressAsync);
        _format = incoming.Codec is { } codec ? RtpAudioPort.ToFormat(codec) : null;
        _events = Task.Run(() => PumpEventsAsync(incoming.Call));
        var from = incoming.From.Uri.User ?? "anonymous";
        var to = incoming.To.Uri.User ?? "";
        CallResult rung;
        try
        {
            rung = await Grain.RingInAsync(new IncomingCall(_edge.Options.OrgFor(incoming.TrunkId), from, to, incoming.TrunkId));
        }
        catch (Exception e) when (e is GrainUnavailableException or GrainCallException)
        {
            LogRingInFailed(Sid, e.Message);
            rung = CallResult.Fail(CallErrorKind.Conflict, e.Message);
        }
        if (rung.Error is { } error)
        {
            LogRingInFailed(Sid, error.Detail);
            await incoming.RejectAsync(error.Kind == CallErrorKind.Invalid ? 404 : 503);
            await FinishAsync();
            return;
        }
        if (!await OpenChannelAsync())
        {
            await incoming.RejectAsync(503);
            Report(new LegProgress(LegSignal.RemoteHangup));
            await FinishAsync();
            return;
        }
        await ReportEndAsync(incoming.Call);
        await FinishAsync();
    }

    private async Task<bool> OpenChannelAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            _channel = await LegChannel.OpenAsync(_edge.Channels, new GrainId(CallStreams.GrainType, Sid), "leg:" + LegName, Metadata, _edge.Time, timeout.Token,
                gap => LogReopened(Sid, gap.TotalMilliseconds));
        }
        catch (Exception e) when (e is GrainCallException or GrainUnavailableException or OperationCanceledException)
        {
            LogChannelRefused(Sid, e.Message);
            return false;
        }
        _control = Task.Run(RunControlAsync);
        return true;
    }

    /// <summary>Waits for the dialog to end and tells the grain why, unless the grain itself ended it.</summary>
    private async Task ReportEndAsync(SipCall call)
    {
        var ended = await call.Ended;
        await _events; // DTMF and NOTIFY progress raised before the end are reported before it
        if (_endedByGrain && !_transferred)
        {
            return;
        }
        LegSignal? signal = ended.Reason switch
        {
            SipCallEndReason.MediaTimeout => LegSignal.MediaTimeout,
            SipCallEndReason.RemoteHangup or SipCallEndReason.Cancelled or SipCallEndReason.Failed or SipCallEndReason.AckTimeout => LegSignal.RemoteHangup,
            SipCallEndReason.LocalHangup when _transferred => LegSignal.RemoteHangup,
            SipCallEndReason.Rejected => LegSignal.Rejected, // our own ring timer refused an inbound INVITE nobody answered
            _ => null,
        };
        LogLegEnded(Sid, ended.Reason.ToString(), signal?.ToString() ?? "-");
        if (signal is { } s)
        {
            Report(new LegProgress(s, ended.Failure?.SipCode ?? 0));
        }
    }

    private void Report(LegProgress progress) => _progress.Writer.TryWrite(progress with { Leg = LegName });

    /// <summary>One report at a time, in order; a failover in the middle is ridden out with retries.</summary>
    private async Task SendProgressAsync()
    {
        await foreach (var progress in _progress.Reader.ReadAllAsync())
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await Grain.ReportLegProgressAsync(progress);
                    break;
                }
                catch (GrainUnavailableException) when (attempt < 10)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(200 * (attempt + 1)), _edge.Time);
                }
                catch (Exception e) when (e is GrainUnavailableException or GrainCallException)
                {
                    LogReportFailed(Sid, progress.Signal.ToString(), e.Message);
                    break;
                }
            }
        }
    }

    private async Task PumpEventsAsync(SipCall call)
    {
        await foreach (var e in call.Events.ReadAllAsync())
        {
            switch (e)
            {
                case SipCallEvent.Ringing r when call.Direction == SipCallDirection.Outbound:
                    Report(new LegProgress(LegSignal.Ringing, r.StatusCode));
                    break;
                case SipCallEvent.Answered when call.Direction == SipCallDirection.Inbound:
                    StartMedia(call);
                    Report(new LegProgress(LegSignal.Answered, 200, SipLegWire.ToContract(_format!)));
                    break;
                case SipCallEvent.DtmfReceived d:
                    Report(new LegProgress(LegSignal.Dtmf, 0, Detail: d.Digit.ToString()));
                    break;
                case SipCallEvent.TransferProgress t:
                    Report(new LegProgress(LegSignal.TransferProgress, t.StatusCode, Detail: "refer", Final: t.Final));
                    break;
            }
        }
    }

    /// <summary>Grain -> edge: downlink audio to RTP, control frames to SIP. The channel ending (the call ended) ends the dialog.</summary>
    private async Task RunControlAsync()
    {
        var channel = _channel!;
        await foreach (var frame in channel.Incoming.ReadAllAsync())
        {
            if (!SipLegWire.TryParse(frame, out var kind, out var body))
            {
                continue;
            }
            try
            {
                switch (kind)
                {
                    case LegFrameKind.Audio:
                        await SendDownlinkAsync(body);
                        break;
                    case LegFrameKind.Hangup or LegFrameKind.Cancel or LegFrameKind.Reject:
                        await EndDialogAsync(kind);
                        break;
                    case LegFrameKind.Answer:
                        await AnswerAsync();
                        break;
                    case LegFrameKind.Connect when _incoming is { } incoming:
                        // The original callee: the number this call was made to, on the trunk it came in on.
                        var (number, ring) = SipLegWire.ConnectTarget(SipLegWire.Argument(body));
                        _edge.DialCallee(Sid, incoming.TrunkId, number, incoming.From.Uri.User ?? "anonymous", ring);
                        break;
                    case LegFrameKind.Refer:
                        _ = TransferAsync(SipLegWire.Argument(body));
                        break;
                    case LegFrameKind.SendDigits when _call is { State: SipCallState.Established } call:
                        // Digits play in real time; commands queue behind each other rather than interleave.
                        var digits = SipLegWire.Argument(body);
                        _digits = _digits.ContinueWith(_ => call.SendDigitsAsync(digits), TaskScheduler.Default).Unwrap();
                        break;
                }
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException or OperationCanceledException)
            {
                LogControlFailed(Sid, kind.ToString(), e.Message);
            }
        }
        var reason = await channel.Ended;
        // Closed by the grain (the call ended) or refused on a re-open: the dialog must not outlive the call.
        LogChannelEnded(Sid, reason.ToString());
        await EndDialogAsync(LegFrameKind.Hangup);
    }

    private ValueTask SendDownlinkAsync(ReadOnlyMemory<byte> body)
    {
        if (_call is not { State: SipCallState.Established } call || _format is not { } format || _bridged is not null)
        {
            return ValueTask.CompletedTask;
        }
        _edge.Metrics.DownlinkFrame();
        return call.Media.SendFrameAsync(body, call.Media.Codec.ClockRate / 1000 * format.FrameMs);
    }

    private async Task EndDialogAsync(LegFrameKind kind)
    {
        _endedByGrain = true;
        try
        {
            await _dial.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
        }
        if (kind == LegFrameKind.Reject && _incoming is { } incoming)
        {
            await incoming.RejectAsync(603);
        }
        if (_call is { State: not SipCallState.Ended } call)
        {
            await call.HangupAsync();
        }
    }

    private async Task AnswerAsync()
    {
        if (_incoming is not { } incoming || Interlocked.Exchange(ref _answering, 1) == 1)
        {
            return;
        }
        await incoming.AcceptAsync();
    }

    private void StartMedia(SipCall call)
    {
        if (_port is not null)
        {
            return;
        }
        _format = RtpAudioPort.ToFormat(call.Media.Codec);
        _encoder = AudioCodecs.CreateEncoder(_format);
        _port = new RtpAudioPort(call.Media, _edge.Time);
        _port.Start();
        _uplink = Task.Run(() => PumpUplinkAsync(_port, _encoder));
    }

    /// <summary>RTP -> jitter buffer -> PCM, one frame per 20 ms, encoded once in the leg's codec for the grain.</summary>
    private async Task PumpUplinkAsync(RtpAudioPort port, IAudioEncoder encoder)
    {
        var encoded = new byte[encoder.MaxEncodedBytes];
        await foreach (var pcm in port.Received.ReadAllAsync())
        {
            var n = encoder.Encode(pcm, encoded);
            var nowUs = (_edge.Time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / 10;
            _channel?.TrySend(SipLegWire.Audio(nowUs, encoded.AsSpan(0, n)));
            _edge.Metrics.UplinkFrame();
            ForwardToBridge(pcm);
        }
    }

    private async Task FinishAsync()
    {
        _progress.Writer.TryComplete();
        await _progressSender;
        if (_port is { } port)
        {
            await port.DisposeAsync();
        }
        await _uplink;
        _encoder?.Dispose();
        if (_channel is { } channel)
        {
            await channel.DisposeAsync();
            await _control;
        }
        await EndBridgeAsync();
        _dial.Dispose();
        _edge.Forget(this);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call {Sid}: dialling on trunk {Trunk} failed")]
    private partial void LogDialFailed(Exception e, string sid, string trunk);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {Sid}: INVITE ended {Outcome} ({Code})")]
    private partial void LogDialOutcome(string sid, string outcome, int code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call {Sid}: ring-in refused: {Reason}")]
    private partial void LogRingInFailed(string sid, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call {Sid}: the grain refused the leg channel: {Reason}")]
    private partial void LogChannelRefused(string sid, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {Sid}: dialog ended ({Reason}), reported {Signal}")]
    private partial void LogLegEnded(string sid, string reason, string signal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call {Sid}: could not report {Signal}: {Reason}")]
    private partial void LogReportFailed(string sid, string signal, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {Sid}: leg channel re-opened on the call's new owner after {GapMs:F0} ms")]
    private partial void LogReopened(string sid, double gapMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {Sid}: leg channel ended ({Reason}); ending the dialog")]
    private partial void LogChannelEnded(string sid, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call {Sid}: control frame {Kind} failed: {Reason}")]
    private partial void LogControlFailed(string sid, string kind, string reason);
}
