using System.Text.Json;
using ClutchCall.Grains.Interfaces;
using ClutchCall.Grains.Media;
using ClutchCall.Runtime;
using Microsoft.Extensions.Logging;

namespace ClutchCall.Grains.Call;

/// <summary>
/// The call grain's audio side: it accepts bridge channels per the bridge channel contract
/// (docs/design/audio-path.md) and hands them to a <see cref="CallMediaHub"/> owned by this activation.
/// Events are written from turns only: attach from the channel-open turn, detach from a grain timer or the ending turn.
/// </summary>
public sealed partial class CallGrain : IGrainChannelHandler
{
    private CallMediaHub? _media;
    private IDisposable? _mediaEvents;

    public async Task OnChannelOpenedAsync(IGrainChannel channel, ReadOnlyMemory<byte> metadata)
    {
        if (!State.Exists)
        {
            throw new BridgeRefusedException("call not found");
        }
        if (channel.Name.StartsWith(LegChannelPrefix, StringComparison.Ordinal))
        {
            await OnLegChannelOpenedAsync(channel, metadata);
            return;
        }
        if (!BridgeChannels.TryParseRole(channel.Name, out var role))
        {
            throw await RefuseBridgeAsync(channel.Name, $"unknown channel '{channel.Name}'; open {BridgeChannels.Attach} or {BridgeChannels.Caller}");
        }
        if (State.Status != CallStatus.InProgress)
        {
            throw await RefuseBridgeAsync(role.ToWire(), State.Status.IsTerminal() ? "call ended" : "call not answered");
        }
        if (BridgeChannels.ParseFormat(metadata.Span, out var error) is not { } format)
        {
            throw await RefuseBridgeAsync(role.ToWire(), $"invalid audio format: {error}");
        }
        // The event first: if this activation lost ownership the write throws, the channel is refused, and no audio flows.
        await WriteStateAsync(BridgeEvent(role, format, "attached", null, Now));
        RunningHub().Attach(channel, role, format);
        LogBridge(Sid, role.ToWire(), format.ToString(), "attached");
    }

    /// <summary>This activation's media hub, created and started on first use, with the timer that writes its events.</summary>
    private CallMediaHub RunningHub()
    {
        var hub = _media ??= media.CreateHub(Sid, Context.Time, catalog.IsSimulatedTrunk(State.TrunkId));
        hub.Start();
        _mediaEvents ??= RegisterTimer(FlushMediaEventsAsync, CallMedia.EventFlushPeriod, CallMedia.EventFlushPeriod);
        return hub;
    }

    public async Task RecordBridgeRefusedAsync(string bridge, string reason)
    {
        if (State.Exists)
        {
            await RefuseBridgeAsync(bridge, reason);
        }
    }

    /// <summary>Records the refusal on the call's streams (supervisors see who was turned away) and returns the error to throw.</summary>
    private async Task<BridgeRefusedException> RefuseBridgeAsync(string bridge, string reason)
    {
        var refused = new AudioBridgeRefused(Sid, State.OrgId, bridge, reason, Now);
        await WriteStateAsync(new GrainEvent(CallEventTypes.BridgeRefused, JsonSerializer.Serialize(refused, Json), [CallStreams.ForOrg(State.OrgId)]));
        LogBridge(Sid, bridge, "-", "refused: " + reason);
        return new BridgeRefusedException(reason);
    }

    public Task<CallMediaStats> GetMediaStatsAsync() => Task.FromResult(_media?.Snapshot() ?? CallMediaStats.None);

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken ct)
    {
        await StopMediaAsync(callEnded: false);
        await base.OnDeactivateAsync(reason, ct);
    }

    /// <summary>The call ended: close every bridge (Closed), stop the loop, record detach events.</summary>
    private Task EndMediaAsync() => StopMediaAsync(callEnded: true);

    private async Task StopMediaAsync(bool callEnded)
    {
        _mediaEvents?.Dispose();
        _mediaEvents = null;
        if (callEnded)
        {
            // The connected callee's leg ends with the call: closing its channel makes the edge hang it up.
            _calleeChannel?.Close(ChannelCloseReason.Closed);
            _calleeChannel = null;
        }
        if (_media is not { Running: true } hub)
        {
            return;
        }
        await hub.StopAsync(callEnded);
        _runningAgent = null;
        if (callEnded)
        {
            await FlushMediaEventsAsync();
        }
    }

    private async Task FlushMediaEventsAsync()
    {
        await FlushBridgeEventsAsync();
        await FlushAgentActivityAsync();
    }

    private async Task FlushBridgeEventsAsync()
    {
        if (_media?.DrainDetached() is not { Count: > 0 } gone)
        {
            return;
        }
        foreach (var d in gone)
        {
            LogBridge(Sid, d.Role.ToWire(), d.Format.ToString(), "detached: " + d.Reason);
        }
        await WriteStateAsync([.. gone.Select(d => BridgeEvent(d.Role, d.Format, "detached", d.Reason, d.At))]);
    }

    private GrainEvent BridgeEvent(BridgeRole role, ClutchCall.Media.AudioFormat format, string change, string? reason, DateTimeOffset at) =>
        new(CallEventTypes.Bridge,
            JsonSerializer.Serialize(new AudioBridgeChanged(Sid, State.OrgId, role.ToWire(), change, format.ToContract(), reason, at), Json),
            [CallStreams.ForOrg(State.OrgId)]);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {Sid}: {Bridge} bridge {Format} {Change}")]
    private partial void LogBridge(string sid, string bridge, string format, string change);
}
