using System.Runtime.InteropServices;
using ClutchCall.Media;
using ClutchCall.Media.Mixing;
using ClutchCall.Media.Pipeline;

namespace ClutchCall.Grains.Media;

/// <summary>
/// The inbound conference (<c>connect</c>): a second leg, the callee, joins the mix. Caller and callee always hear
/// each other; the agent side (attach bridges and the in-process agent) is heard per <see cref="ConferenceMode"/>
/// (barge: both, whisper: the callee only, spy and normal: nobody) and hears caller and callee mixed.
/// Slots: 0 the caller, 1 the callee, then the attach bridges, then the agent.
/// </summary>
public sealed partial class CallMediaHub
{
    private sealed record CalleeSwap(ICallerLeg? Callee);

    private CalleeSwap? _pendingCallee;
    private int _pendingMode = -1;
    private ICallerLeg? _callee;
    private volatile ICallerLeg? _reportedCallee;
    private Transcoder? _toCallee;
    private Transcoder? _calleeDecoder;
    private byte[] _calleeUp = [];
    private byte[] _calleeDown = [];
    private readonly short[] _calleePcm = new short[MixFormat.SamplesPerFrame];
    private readonly short[] _conferencePcm = new short[MixFormat.SamplesPerFrame];
    private bool _calleePcmValid;
    private ConferenceMode _mode = ConferenceMode.Barge;

    /// <summary>The agent side's audibility, as of the last tick.</summary>
    public ConferenceMode Mode => _mode;

    /// <summary>The callee joins (or, with null, leaves) the mix from the next tick; a replaced callee is completed.</summary>
    public void AttachCallee(ICallerLeg? callee)
    {
        if (_stopped)
        {
            callee?.Dispose();
            return;
        }
        Interlocked.Exchange(ref _pendingCallee, new CalleeSwap(callee))?.Callee?.Dispose();
    }

    /// <summary>Who hears the agent side from the next tick (<see cref="ConferenceMode.Normal"/>: nobody).</summary>
    public void SetConferenceMode(ConferenceMode mode) => Volatile.Write(ref _pendingMode, (int)mode);

    private int FirstBridgeSlot => _callee is null ? 1 : 2;

    private void ApplyPendingConference()
    {
        var changed = false;
        if (Interlocked.Exchange(ref _pendingCallee, null) is { } swap)
        {
            ReleaseCallee();
            if (swap.Callee is { } callee)
            {
                _callee = callee;
                _reportedCallee = callee;
                _toCallee = new Transcoder(MixFormat, callee.Format);
                _calleeDecoder = new Transcoder(callee.Format, MixFormat);
                _calleeDown = new byte[_toCallee.MaxOutputFrameBytes];
                _calleeUp = new byte[Math.Max(callee.Format.SamplesPerFrame * 2, 1)];
            }
            changed = true;
        }
        if (Interlocked.Exchange(ref _pendingMode, -1) is var mode and >= 0 && (ConferenceMode)mode != _mode)
        {
            _mode = (ConferenceMode)mode;
            changed = true;
        }
        if (changed)
        {
            RebuildMixer();
        }
    }

    private void ReleaseCallee()
    {
        if (_callee is not { } callee)
        {
            return;
        }
        _callee = null;
        _calleePcmValid = false;
        _toCallee?.Dispose();
        _calleeDecoder?.Dispose();
        _toCallee = _calleeDecoder = null;
        try
        {
            callee.Complete();
        }
        catch (IOException e)
        {
            LogLegCompleteFailed(_sid, e.Message);
        }
        callee.Dispose();
    }

    private void ProduceCallee()
    {
        _calleePcmValid = false;
        if (_callee is not { } callee || _calleeDecoder is not { } decoder)
        {
            return;
        }
        if (callee.TryProduce(_calleeUp, out var n))
        {
            decoder.Write(_calleeUp.AsSpan(0, n));
        }
        _calleePcmValid = decoder.TryRead(MemoryMarshal.AsBytes(_calleePcm.AsSpan()), out var read) && read == _calleePcm.Length * 2;
    }

    /// <summary>In a conference the agent side hears caller and callee together: one mixed frame for the bridges and the agent.</summary>
    private void FanConference(long nowUs)
    {
        if (_callee is null || !(_callerPcmValid || _calleePcmValid))
        {
            return;
        }
        for (var i = 0; i < _conferencePcm.Length; i++)
        {
            var sum = (_callerPcmValid ? _callerPcm[i] : 0) + (_calleePcmValid ? _calleePcm[i] : 0);
            _conferencePcm[i] = (short)Math.Clamp(sum, short.MinValue, short.MaxValue);
        }
        if (_uplink.Count > 0)
        {
            Fan(_uplink, MixFormat, MemoryMarshal.AsBytes(_conferencePcm.AsSpan()), nowUs);
        }
    }

    /// <summary>Slot 0 and 1 inputs: what caller and callee say, so each hears the other.</summary>
    private void FillLegSlots()
    {
        var frame = MixFormat.SamplesPerFrame;
        var caller = _mixIn.AsSpan(0, frame);
        if (_callee is null)
        {
            caller.Clear();
            return;
        }
        if (_callerPcmValid)
        {
            _callerPcm.CopyTo(caller);
        }
        else
        {
            caller.Clear();
        }
        var callee = _mixIn.AsSpan(frame, frame);
        if (_calleePcmValid)
        {
            _calleePcm.CopyTo(callee);
        }
        else
        {
            callee.Clear();
        }
    }

    private void PlayToCallee()
    {
        if (_callee is not { } callee || _toCallee is not { } encoder || _mixer is null)
        {
            return;
        }
        encoder.Write(MemoryMarshal.AsBytes(_mixOut.AsSpan(MixFormat.SamplesPerFrame, MixFormat.SamplesPerFrame)));
        while (encoder.TryRead(_calleeDown, out var n))
        {
            callee.Hear(_calleeDown.AsSpan(0, n));
        }
    }

    private void RebuildMixer()
    {
        var first = FirstBridgeSlot;
        var speakers = _attach.Count + (_agent is null ? 0 : 1);
        if (speakers == 0 && _callee is null)
        {
            _mixer = null;
            return;
        }
        var parties = first + speakers;
        var routing = RoutingMatrix.Silent(parties);
        var modes = RoutingMatrix.For(_mode);
        var callerHearsAgent = _callee is null || modes.Hears(ConferenceParty.Caller, ConferenceParty.Agent);
        var calleeHearsAgent = _callee is not null && modes.Hears(ConferenceParty.Callee, ConferenceParty.Agent);
        if (_callee is not null)
        {
            routing = routing.With(0, 1, true).With(1, 0, true);
        }
        for (var speaker = first; speaker < parties; speaker++)
        {
            routing = routing.With(0, speaker, callerHearsAgent);
            if (_callee is not null)
            {
                routing = routing.With(1, speaker, calleeHearsAgent);
            }
        }
        _mixer = new Mixer(parties, MixFormat.SamplesPerFrame, routing);
        _mixIn = new short[parties * MixFormat.SamplesPerFrame];
        _mixOut = new short[parties * MixFormat.SamplesPerFrame];
    }
}
