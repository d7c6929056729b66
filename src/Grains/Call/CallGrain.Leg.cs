using ClutchCall.Grains.Interfaces;
using ClutchCall.Grains.Legs;
using ClutchCall.Grains.Media;
using ClutchCall.Media;
using ClutchCall.Runtime;
using Microsoft.Extensions.Logging;

namespace ClutchCall.Grains.Call;

/// <summary>
/// The call grain's telephone leg: the channel <c>leg:caller</c> opened by the gateway's SIP edge (docs/design/sip-edge.md).
/// Audio rides it both ways once the call is answered (through <see cref="ChannelCallerLeg"/> on the media hub);
/// <see cref="LegCommand"/> effects go to the edge as control frames on it; progress comes back as grain calls
/// (<see cref="ReportLegProgressAsync"/>). A leg channel that stays closed past the grace period fails the call.
/// </summary>
public sealed partial class CallGrain
{
    private const string LegChannelPrefix = "leg:";
    private static readonly TimeSpan LegWatchPeriod = TimeSpan.FromMilliseconds(250);

    private IGrainChannel? _legChannel;
    private IGrainChannel? _legOnHub;
    private AudioFormat? _legFormat;
    private IDisposable? _legWatch;
    private DateTimeOffset? _legLostAt;

    private Task OnLegChannelOpenedAsync(IGrainChannel channel, ReadOnlyMemory<byte> metadata)
    {
        if (channel.Name == LegChannelPrefix + LegNames.Callee && catalog.IsSipTrunk(State.TrunkId))
        {
            return OnCalleeLegOpenedAsync(channel, metadata);
        }
        if (channel.Name != LegMetadata.ChannelName)
        {
            throw new BridgeRefusedException($"unknown leg channel '{channel.Name}'; open {LegMetadata.ChannelName}");
        }
        if (State.Status.IsTerminal())
        {
            throw new BridgeRefusedException("call ended");
        }
        if (!catalog.IsSipTrunk(State.TrunkId))
        {
            throw new BridgeRefusedException($"trunk '{State.TrunkId}' is not a SIP trunk");
        }
        if (LegMetadata.Parse(metadata.Span, out var error) is not { } leg)
        {
            throw new BridgeRefusedException(error!);
        }
        if (leg.Format is { } format)
        {
            _legFormat = LegMetadata.ToAudioFormat(format, out _);
        }
        _legChannel = channel;
        _legLostAt = null;
        _legWatch ??= RegisterTimer(WatchLegAsync, LegWatchPeriod, LegWatchPeriod);
        LogLeg(Sid, leg.Direction, _legFormat?.ToString() ?? "-", State.Status.ToWire());
        if (State.Status == CallStatus.InProgress)
        {
            AttachLegMedia();
            if (State.Direction == CallDirection.Inbound)
            {
                // A re-opened inbound leg may have missed the answer while no channel was open; answering twice is harmless.
                channel.TrySend(LegFrames.Control(new LegCommand(LegAction.Answer)));
            }
        }
        return Task.CompletedTask;
    }

    public async Task<CallResult> ReportLegProgressAsync(LegProgress progress)
    {
        if (progress.Leg == LegNames.Callee)
        {
            return await OnCalleeProgressAsync(progress);
        }
        if (progress is { Signal: LegSignal.Answered, Format: { } f } && LegMetadata.ToAudioFormat(f, out _) is { } format)
        {
            _legFormat = format;
        }
        var result = await CommitAsync(CallMachine.OnLegProgress(State, progress, Now));
        if (State.Status == CallStatus.InProgress)
        {
            AttachLegMedia();
        }
        return result;
    }

    public Task<CallResult> SendDigitsAsync(SendDigits request) =>
        State.Exists && State.OrgId == request.OrgId && !catalog.IsSipTrunk(State.TrunkId)
            ? Task.FromResult(CallResult.Fail(CallErrorKind.Conflict, $"Trunk '{State.TrunkId}' is not a SIP trunk; it has no DTMF."))
            : CommitAsync(CallMachine.SendDigits(State, request, Now));

    /// <summary>Runs a <see cref="LegCommand"/> effect after the state is committed: one control frame; ending commands close the channel.</summary>
    private void ExecuteLegCommand(LegCommand command)
    {
        if (command.Action == LegAction.Answer)
        {
            AttachLegMedia();
        }
        if (_legChannel is not { } channel)
        {
            // No leg (simulated trunk), or the edge is between channels: it re-opens, is refused when the call ended, and hangs up.
            return;
        }
        channel.TrySend(LegFrames.Control(command));
        if (command.Action is LegAction.Hangup or LegAction.Cancel or LegAction.Reject)
        {
            channel.Close(ChannelCloseReason.Closed);
            _legChannel = null;
        }
    }

    /// <summary>A grain re-activated after a failover waits for its SIP edge to re-open the leg, but not forever.</summary>
    private void WatchLegAfterActivation()
    {
        if (State.Exists && !State.Status.IsTerminal() && catalog.IsSipTrunk(State.TrunkId))
        {
            _legLostAt = Now;
            _legWatch ??= RegisterTimer(WatchLegAsync, LegWatchPeriod, LegWatchPeriod);
        }
    }

    /// <summary>Plays the leg's audio through the hub once the call is answered; a re-opened channel replaces the old leg.</summary>
    private void AttachLegMedia()
    {
        if (_legChannel is not { } channel || channel.Completion.IsCompleted || _legFormat is not { } format
            || ReferenceEquals(_legOnHub, channel) || State.Status != CallStatus.InProgress)
        {
            return;
        }
        var hub = _media ??= media.CreateHub(Sid, Context.Time, simulatedTrunk: false);
        hub.AttachLeg(new ChannelCallerLeg(channel, format, Context.Time));
        hub.Start();
        _legOnHub = channel;
    }

    private async Task WatchLegAsync()
    {
        if (!State.Exists || State.Status.IsTerminal())
        {
            _legWatch?.Dispose();
            _legWatch = null;
            return;
        }
        if (_legChannel is { Completion.IsCompleted: false })
        {
            _legLostAt = null;
            return;
        }
        _legLostAt ??= Now;
        if (Now - _legLostAt.Value < catalog.EdgeLostGrace)
        {
            return;
        }
        LogLegLost(Sid, catalog.EdgeLostGrace.TotalSeconds);
        await CommitAsync(CallMachine.OnLegLost(State, Now));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {Sid}: {Direction} leg channel opened ({Format}) while {Status}")]
    private partial void LogLeg(string sid, string direction, string format, string status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call {Sid}: the leg channel stayed closed for {Seconds} s; the edge is gone")]
    private partial void LogLegLost(string sid, double seconds);
}
