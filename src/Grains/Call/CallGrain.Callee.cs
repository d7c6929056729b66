using ClutchCall.Grains.Interfaces;
using ClutchCall.Grains.Legs;
using ClutchCall.Grains.Media;
using ClutchCall.Media;
using ClutchCall.Runtime;
using Microsoft.Extensions.Logging;

namespace ClutchCall.Grains.Call;

/// <summary>
/// The original callee of an inbound SIP call, after <c>connect</c>: the edge dials it as a second leg and opens
/// <c>leg:callee</c>. Once it answers, its audio joins the hub's callee slot, and the conference mode decides who
/// hears the agent side. If it is busy, does not answer or hangs up, it leaves the conference and the call goes on.
/// </summary>
public sealed partial class CallGrain
{
    private IGrainChannel? _calleeChannel;
    private AudioFormat? _calleeFormat;

    private Task OnCalleeLegOpenedAsync(IGrainChannel channel, ReadOnlyMemory<byte> metadata)
    {
        if (State.Status.IsTerminal())
        {
            throw new BridgeRefusedException("call ended");
        }
        if (State.Inbound is not { CalleeInCall: true })
        {
            throw new BridgeRefusedException("the call is not connected to its callee");
        }
        if (LegMetadata.Parse(metadata.Span, out var error) is not { } leg)
        {
            throw new BridgeRefusedException(error!);
        }
        if (leg.Format is { } format)
        {
            _calleeFormat = LegMetadata.ToAudioFormat(format, out _);
        }
        _calleeChannel = channel;
        AttachCalleeMedia();
        return Task.CompletedTask;
    }

    private async Task<CallResult> OnCalleeProgressAsync(LegProgress progress)
    {
        switch (progress.Signal)
        {
            case LegSignal.Answered:
                if (progress.Format is { } f && LegMetadata.ToAudioFormat(f, out _) is { } format)
                {
                    _calleeFormat = format;
                }
                AttachCalleeMedia();
                LogCallee(Sid, "answered", progress.SipCode);
                return CallResult.Ok(State.ToView());
            case LegSignal.Rejected or LegSignal.RemoteHangup or LegSignal.MediaTimeout:
                LogCallee(Sid, progress.Signal.ToString(), progress.SipCode);
                DropCallee();
                return await CommitAsync(InboundMachine.CalleeLeft(State, CalleeLeftReason(progress), Now));
            default:
                return CallResult.Ok(State.ToView());
        }
    }

    private static string CalleeLeftReason(LegProgress progress) => progress.Signal switch
    {
        LegSignal.Rejected when progress.SipCode is 486 or 600 => "busy",
        LegSignal.Rejected when progress.SipCode is 408 or 480 or 487 => "no_answer",
        LegSignal.Rejected => progress.SipCode > 0 ? progress.SipCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : "failed",
        LegSignal.MediaTimeout => "media_timeout",
        _ => "remote_hangup",
    };

    private void AttachCalleeMedia()
    {
        if (_calleeChannel is not { Completion.IsCompleted: false } channel || _calleeFormat is not { } format || State.Status != CallStatus.InProgress)
        {
            return;
        }
        RunningHub().AttachCallee(new ChannelCallerLeg(channel, format, Context.Time));
        _calleeInMix = true;
    }

    /// <summary>Takes the callee out of the mix and ends its leg (closing the channel makes the edge hang it up).</summary>
    private void DropCallee()
    {
        if (_calleeInMix)
        {
            _media?.AttachCallee(null);
            _calleeInMix = false;
        }
        _calleeChannel?.Close(ChannelCloseReason.Closed);
        _calleeChannel = null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {Sid}: the connected callee {Change} ({SipCode})")]
    private partial void LogCallee(string sid, string change, int sipCode);
}
