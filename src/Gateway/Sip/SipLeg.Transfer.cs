using ClutchCall.Grains.Interfaces;
using ClutchCall.Media;
using ClutchCall.Media.Codecs;
using ClutchCall.Sip.Rtp;
using ClutchCall.Sip.UserAgent;
using Microsoft.Extensions.Logging;

namespace ClutchCall.Gateway.Sip;

/// <summary>
/// transfer({to}) on a SIP call: REFER on the caller's dialog (RFC 3515), NOTIFY sipfrag progress reported as
/// events; once the target answered we send BYE and the call completes as "transferred". A trunk that refuses REFER
/// gets the fallback: we dial the target on the same trunk and bridge the two legs here, at the edge, while the
/// caller's audio still reaches the grain (recordings, bridges).
/// </summary>
internal sealed partial class SipLeg
{
    private volatile bool _transferred;
    private volatile SipCall? _bridged;
    private RtpAudioPort? _bridgedPort;
    private IAudioEncoder? _bridgedEncoder;
    private Task _bridgeDownlink = Task.CompletedTask;

    private async Task TransferAsync(string to)
    {
        try
        {
            await ReferOrBridgeAsync(to);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or OperationCanceledException or TimeoutException)
        {
            LogTransferFailed(Sid, e.Message);
            Report(new LegProgress(LegSignal.TransferProgress, 500, Detail: _bridged is null ? "refer" : "bridge", Final: true));
        }
    }

    private async Task ReferOrBridgeAsync(string to)
    {
        if (_call is not { State: SipCallState.Established } call || _bridged is not null)
        {
            return;
        }
        var target = _edge.ReferTarget(call.TrunkId, to);
        LogTransfer(Sid, target);
        var result = await call.TransferAsync(target, _edge.Options.TransferTimeout);
        if (result.Succeeded)
        {
            _transferred = true;
            await call.HangupAsync();
            return;
        }
        if (result.ReferAccepted)
        {
            if (result.FinalStatus is null)
            {
                Report(new LegProgress(LegSignal.TransferProgress, 408, Detail: "refer", Final: true));
            }
            return; // the target refused or never answered: the caller stays with us
        }
        Report(new LegProgress(LegSignal.TransferRefused, result.ReferStatus, Detail: "refer"));
        await BridgeAsync(call, to);
    }

    private async Task BridgeAsync(SipCall caller, string to)
    {
        var options = new InviteOptions
        {
            CallerId = caller.Direction == SipCallDirection.Outbound ? null : _incoming?.From.Uri.User,
            OnCallCreated = c => _ = Task.Run(async () =>
            {
                await foreach (var e in c.Events.ReadAllAsync())
                {
                    if (e is SipCallEvent.Ringing r)
                    {
                        Report(new LegProgress(LegSignal.TransferProgress, r.StatusCode, Detail: "bridge"));
                    }
                }
            }),
        };
        var result = await _edge.Agent.InviteAsync(caller.TrunkId, to, options);
        if (result is not { Outcome: SipCallOutcome.Answered, Call: { } target })
        {
            Report(new LegProgress(LegSignal.TransferProgress, result.Failure?.SipCode ?? 500, Detail: "bridge", Final: true));
            return;
        }
        Report(new LegProgress(LegSignal.TransferProgress, 200, Detail: "bridge", Final: true));
        var targetFormat = RtpAudioPort.ToFormat(target.Media.Codec);
        _bridgedEncoder = AudioCodecs.CreateEncoder(targetFormat);
        _bridgedPort = new RtpAudioPort(target.Media, _edge.Time);
        _bridgedPort.Start();
        _bridged = target;
        _bridgeDownlink = Task.Run(() => PumpBridgeDownlinkAsync(caller, _bridgedPort));
        // The target hanging up ends the caller's leg too; the caller hanging up ends the target in EndBridgeAsync.
        await target.Ended;
        if (caller.State != SipCallState.Ended)
        {
            _transferred = true;
            await caller.HangupAsync();
        }
    }

    /// <summary>Target -> caller: the target's PCM, encoded in the caller's codec, replaces the grain's downlink.</summary>
    private async Task PumpBridgeDownlinkAsync(SipCall caller, RtpAudioPort targetPort)
    {
        var format = RtpAudioPort.ToFormat(caller.Media.Codec);
        using var encoder = AudioCodecs.CreateEncoder(format);
        var encoded = new byte[encoder.MaxEncodedBytes];
        await foreach (var pcm in targetPort.Received.ReadAllAsync())
        {
            if (pcm.Length != format.SamplesPerFrame)
            {
                continue; // different clock rates are not bridged (both legs share the trunk's codec list)
            }
            var n = encoder.Encode(pcm, encoded);
            await caller.Media.SendFrameAsync(encoded.AsMemory(0, n), caller.Media.Codec.ClockRate / 1000 * format.FrameMs);
        }
    }

    /// <summary>Caller -> target, from the uplink pump.</summary>
    private void ForwardToBridge(short[] pcm)
    {
        if (_bridged is not { State: SipCallState.Established } target || _bridgedEncoder is not { } encoder || _bridgedPort is not { } port
            || pcm.Length != port.Format.SamplesPerFrame)
        {
            return;
        }
        var encoded = new byte[encoder.MaxEncodedBytes];
        var n = encoder.Encode(pcm, encoded);
        _ = target.Media.SendFrameAsync(encoded.AsMemory(0, n), target.Media.Codec.ClockRate / 1000 * port.Format.FrameMs);
    }

    private async Task EndBridgeAsync()
    {
        if (_bridged is { } target)
        {
            await target.HangupAsync();
        }
        if (_bridgedPort is { } port)
        {
            await port.DisposeAsync();
        }
        await _bridgeDownlink;
        _bridgedEncoder?.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call {Sid}: the transfer failed: {Reason}")]
    private partial void LogTransferFailed(string sid, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {Sid}: REFER to {Target}")]
    private partial void LogTransfer(string sid, string target);
}
