using ClutchCall.Sip.Messages;

namespace ClutchCall.Sip.Transactions;

/// <summary>Transaction matching keys (RFC 3261 §17.1.3 and §17.2.3).</summary>
public static class TransactionKey
{
    public static string ForClient(string branch, string cseqMethod) => $"c|{branch}|{cseqMethod}";

    /// <summary>Server key: branch + sent-by + method, where ACK matches the INVITE it acknowledges.</summary>
    public static string? ForServer(SipRequest request)
    {
        var via = request.TopVia;
        if (via is null) return null;
        var method = request.Method == SipMethod.Ack ? SipMethod.Invite : request.Method;
        var sentBy = $"{via.Host}:{via.Port ?? 5060}";
        if (via.Branch is { } b && b.StartsWith(ViaHeader.MagicCookie, StringComparison.Ordinal))
        {
            return $"s|{b}|{sentBy}|{method}";
        }
        // RFC 2543 peers: fall back to the §17.2.3 legacy tuple.
        return $"s2543|{request.RequestUri}|{request.From?.Tag}|{request.CallId}|{request.CSeq.Number}|{sentBy}|{method}";
    }
}
