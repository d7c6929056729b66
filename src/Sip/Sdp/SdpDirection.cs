namespace ClutchCall.Sip.Sdp;

/// <summary>Media direction attribute (RFC 3264 §5.1); hold is sendonly or inactive.</summary>
public enum SdpDirection { SendRecv, SendOnly, RecvOnly, Inactive }

public static class SdpDirectionExtensions
{
    public static string ToAttribute(this SdpDirection d) => d switch
    {
        SdpDirection.SendOnly => "sendonly",
        SdpDirection.RecvOnly => "recvonly",
        SdpDirection.Inactive => "inactive",
        _ => "sendrecv",
    };

    public static SdpDirection? FromAttribute(string name) => name switch
    {
        "sendrecv" => SdpDirection.SendRecv,
        "sendonly" => SdpDirection.SendOnly,
        "recvonly" => SdpDirection.RecvOnly,
        "inactive" => SdpDirection.Inactive,
        _ => null,
    };

    /// <summary>The direction an answerer must use for an offered direction (RFC 3264 §6.1).</summary>
    public static SdpDirection Reverse(this SdpDirection d) => d switch
    {
        SdpDirection.SendOnly => SdpDirection.RecvOnly,
        SdpDirection.RecvOnly => SdpDirection.SendOnly,
        _ => d,
    };

    /// <summary>Intersects what we want with what the answer's reverse permits.</summary>
    public static SdpDirection Intersect(this SdpDirection a, SdpDirection b)
    {
        var send = a is SdpDirection.SendRecv or SdpDirection.SendOnly && b is SdpDirection.SendRecv or SdpDirection.SendOnly;
        var recv = a is SdpDirection.SendRecv or SdpDirection.RecvOnly && b is SdpDirection.SendRecv or SdpDirection.RecvOnly;
        return (send, recv) switch
        {
            (true, true) => SdpDirection.SendRecv,
            (true, false) => SdpDirection.SendOnly,
            (false, true) => SdpDirection.RecvOnly,
            _ => SdpDirection.Inactive,
        };
    }

    public static bool CanSend(this SdpDirection d) => d is SdpDirection.SendRecv or SdpDirection.SendOnly;
    public static bool CanReceive(this SdpDirection d) => d is SdpDirection.SendRecv or SdpDirection.RecvOnly;
}
