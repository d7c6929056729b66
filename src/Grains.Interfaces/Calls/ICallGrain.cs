using ClutchCall.Runtime;

namespace ClutchCall.Grains.Interfaces;

/// <summary>One call, addressed by its sid. Owns status, agent binding, transfers and inbound command state.</summary>
[GrainType("call")]
public interface ICallGrain : IGrainWithStringKey
{
    Task<CallResult> OriginateAsync(OriginateCall request);

    Task<CallResult> RingInAsync(IncomingCall request);

    Task<CallResult> GetAsync(GetCall request);

    Task<CallResult> HangupAsync(HangupCall request);

    Task<CallResult> TransferAsync(TransferCall request);

    Task<CallResult> AttachAgentAsync(AttachAgent request);

    Task<CallResult> DetachAgentAsync(DetachAgent request);

    Task<CallResult> SendInboundCommandAsync(InboundCommandRequest request);

    /// <summary>Frames moved by the call's media loop and what the simulated callee heard (diagnostics; not persisted).</summary>
    Task<CallMediaStats> GetMediaStatsAsync();

    /// <summary>Records a bridge the gateway refused for this call (a valid token used for another role or call).</summary>
    Task RecordBridgeRefusedAsync(string bridge, string reason);
}
