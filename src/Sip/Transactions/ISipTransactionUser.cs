using ClutchCall.Sip.Messages;
using ClutchCall.Sip.Transport;

namespace ClutchCall.Sip.Transactions;

/// <summary>The transaction user (RFC 3261 §5): the dialog / user-agent core above the transaction layer.</summary>
public interface ISipTransactionUser
{
    /// <summary>A new request. <paramref name="transaction"/> is null only for an ACK to a 2xx, which has no transaction.</summary>
    void OnRequest(SipRequest request, SipServerTransaction? transaction, SipInbound source);

    /// <summary>A response no client transaction claims: retransmitted 2xx to INVITE (the TU re-sends its ACK).</summary>
    void OnStrayResponse(SipResponse response, SipInbound source);
}
