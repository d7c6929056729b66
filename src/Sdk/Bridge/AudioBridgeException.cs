using ClutchCall.Moqt.Coding;

namespace ClutchCall.Sdk;

/// <summary>The gateway refused or ended the bridge: a bad token, a call that is not live, or the call ended.</summary>
/// <param name="code">The MoQT session termination code (0x2 unauthorized; 0x0 when the call ended).</param>
/// <param name="reason">The gateway's reason.</param>
public sealed class AudioBridgeException(ulong code, string reason) : Exception($"audio bridge closed: 0x{code:x} {reason}")
{
    /// <summary>The MoQT session termination code.</summary>
    public ulong Code { get; } = code;

    /// <summary>The gateway's reason, e.g. "call ended" or "bridge refused: call not answered".</summary>
    public string Reason { get; } = reason;

    /// <summary>The gateway's closes that reconnecting cannot change: the call ended, a refused token, format or channel.</summary>
    internal static bool IsFinal(ulong code, string reason) =>
        (code == (ulong)MoqtErrorCode.NoError && reason == "call ended")
        || code == (ulong)MoqtErrorCode.Unauthorized
        || code == (ulong)MoqtErrorCode.InvalidPath
        || reason.StartsWith("bridge refused", StringComparison.Ordinal);
}
