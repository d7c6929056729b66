using ClutchCall.Grains.Interfaces;
using MixMode = ClutchCall.Media.Mixing.ConferenceMode;

namespace ClutchCall.Grains.Call;

/// <summary>
/// The inbound conference's audio: after <c>connect</c> the original callee joins the mix, and whisper, barge, spy and
/// close set who hears the agent side. Reconciled with the inbound state after every committed change. On the
/// simulated trunk the callee is a second simulated party; a SIP callee arrives as its own leg.
/// </summary>
public sealed partial class CallGrain
{
    private bool _calleeInMix;

    private void ReconcileConference()
    {
        if (State.Inbound is not { } inbound || State.Status.IsTerminal())
        {
            return;
        }
        if (inbound.CalleeInCall && !_calleeInMix && catalog.IsSimulatedTrunk(State.TrunkId))
        {
            RunningHub().AttachCallee(media.CreateSimulatedCallee(Sid));
            _calleeInMix = true;
        }
        else if (!inbound.CalleeInCall && (_calleeInMix || _calleeChannel is not null))
        {
            DropCallee();
        }
        _media?.SetConferenceMode(MixModeOf(inbound));
    }

    /// <summary>The agent side is heard per the mode while the agent is in the call; after close, by nobody.</summary>
    private static MixMode MixModeOf(InboundCallState inbound) => !inbound.AgentInCall
        ? MixMode.Normal
        : inbound.Mode switch
        {
            ConferenceMode.Whisper => MixMode.Whisper,
            ConferenceMode.Spy => MixMode.Spy,
            _ => MixMode.Barge,
        };
}
