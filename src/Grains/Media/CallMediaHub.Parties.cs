using System.Runtime.InteropServices;
using ClutchCall.Media;
using ClutchCall.Media.Pipeline;
using Microsoft.Extensions.Logging;

namespace ClutchCall.Grains.Media;

/// <summary>
/// The hub's swappable parties: the caller leg (the simulated callee, or a real SIP leg that arrives after the hub was
/// built) and the in-process agent. Turns hand them over with <see cref="AttachLeg"/> and <see cref="SetAgent"/>; the
/// loop picks them up at the start of its next tick, so the loop stays the only thread touching them.
/// </summary>
public sealed partial class CallMediaHub
{
    private sealed record AgentSwap(IMixParticipant? Agent);

    private ICallerLeg? _pendingLeg;
    private AgentSwap? _pendingAgent;
    private volatile ICallerLeg? _leg;

    /// <summary>The current or last leg, for <see cref="Snapshot"/>: its statistics outlive the call.</summary>
    private volatile ICallerLeg? _reportedLeg;
    private byte[] _legUp = [];
    private byte[] _legDown = [];
    private Transcoder? _toLeg;
    private IMixParticipant? _agent;
    private Transcoder? _callerDecoder;
    private readonly short[] _callerPcm;
    private bool _callerPcmValid;

    /// <summary>Whether an agent is in the mix (as of the last tick).</summary>
    public bool HasAgent => Volatile.Read(ref _agent) is not null;

    /// <summary>Replaces the caller leg from the next tick; the previous leg is completed and disposed.</summary>
    public void AttachLeg(ICallerLeg leg)
    {
        ArgumentNullException.ThrowIfNull(leg);
        ObjectDisposedException.ThrowIf(_stopped, this);
        Interlocked.Exchange(ref _pendingLeg, leg)?.Dispose();
    }

    /// <summary>
    /// Puts <paramref name="agent"/> in the mix from the next tick (null removes the current one); the previous agent is
    /// completed. After the hub stopped, the agent is completed at once.
    /// </summary>
    public void SetAgent(IMixParticipant? agent)
    {
        if (_stopped)
        {
            agent?.Complete();
            return;
        }
        Interlocked.Exchange(ref _pendingAgent, new AgentSwap(agent))?.Agent?.Complete();
    }

    private void ApplyPendingParties()
    {
        if (Interlocked.Exchange(ref _pendingLeg, null) is { } leg)
        {
            ReleaseLeg();
            UseLeg(leg);
        }
        if (Interlocked.Exchange(ref _pendingAgent, null) is { } swap)
        {
            ReleaseAgent();
            Volatile.Write(ref _agent, swap.Agent);
            RebuildMixer();
        }
        ApplyPendingConference();
    }

    private void UseLeg(ICallerLeg leg)
    {
        _toLeg = new Transcoder(MixFormat, leg.Format);
        _legDown = new byte[_toLeg.MaxOutputFrameBytes];
        _legUp = new byte[Math.Max(leg.Format.SamplesPerFrame * 2, 1)];
        _leg = leg;
        _reportedLeg = leg;
    }

    private void ReleaseLeg()
    {
        if (_leg is not { } leg)
        {
            return;
        }
        _leg = null;
        _toLeg?.Dispose();
        _toLeg = null;
        try
        {
            leg.Complete();
        }
        catch (IOException e)
        {
            LogLegCompleteFailed(_sid, e.Message);
        }
        leg.Dispose();
    }

    private void ReleaseAgent()
    {
        if (Interlocked.Exchange(ref _agent, null) is { } agent)
        {
            try
            {
                agent.Complete();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogAgentCompleteFailed(e, _sid);
            }
        }
    }

    /// <summary>Feeds one uplink frame to the caller decoder, but only while someone needs the caller as PCM (decoding costs).</summary>
    private void DecodeCaller(AudioFormat format, ReadOnlySpan<byte> payload)
    {
        if (_agent is null && _callee is null)
        {
            return;
        }
        if (_callerDecoder is null || _callerDecoder.Input != format)
        {
            _callerDecoder?.Dispose();
            _callerDecoder = new Transcoder(format, MixFormat);
        }
        try
        {
            _callerDecoder.Write(payload);
        }
        catch (ArgumentException)
        {
            _callerDecoder.WriteLost();
        }
    }

    /// <summary>This tick's caller frame as PCM (one frame per tick from the decoder's FIFO); false when there is none.</summary>
    private void ReadCallerPcm()
    {
        _callerPcmValid = (_agent is not null || _callee is not null) && _callerDecoder is not null &&
            _callerDecoder.TryRead(MemoryMarshal.AsBytes(_callerPcm.AsSpan()), out var n) && n == _callerPcm.Length * 2;
    }

    private void LetAgentHear(long nowUs)
    {
        if (_agent is not { } agent)
        {
            return;
        }
        if (_callee is not null && (_callerPcmValid || _calleePcmValid))
        {
            agent.Hear(_conferencePcm, nowUs);
        }
        else if (_callee is null && _callerPcmValid)
        {
            agent.Hear(_callerPcm, nowUs);
        }
        else
        {
            agent.Hear([], nowUs);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not finish the caller leg of {Sid}: {Reason}")]
    private partial void LogLegCompleteFailed(string sid, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The agent of call {Sid} failed to leave the mix cleanly")]
    private partial void LogAgentCompleteFailed(Exception e, string sid);
}
