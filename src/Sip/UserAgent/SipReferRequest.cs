using System.Text;
using ClutchCall.Sip.Messages;

namespace ClutchCall.Sip.UserAgent;

/// <summary>
/// A REFER we received (RFC 3515). The application places the new call and reports how it goes; each report is
/// a NOTIFY with a message/sipfrag status line, and a final one ends the implicit subscription.
/// </summary>
public sealed class SipReferRequest
{
    private readonly SipCall _call;
    private int _finished;

    internal SipReferRequest(SipCall call, NameAddr target, string? referredBy)
    {
        _call = call;
        Target = target;
        ReferredBy = referredBy;
    }

    /// <summary>The Refer-To address: where the referee should place the new call.</summary>
    public NameAddr Target { get; }

    public string? ReferredBy { get; }

    public async Task ReportProgressAsync(int statusCode, CancellationToken cancellationToken = default)
    {
        var final = statusCode >= 200;
        if (final && Interlocked.Exchange(ref _finished, 1) == 1) return;
        var notify = _call.Dialog!.CreateRequest(SipMethod.Notify);
        notify.AddHeader(SipHeaderNames.Event, "refer");
        notify.AddHeader(SipHeaderNames.SubscriptionState, final ? "terminated;reason=noresource" : "active;expires=60");
        notify.AddHeader(SipHeaderNames.ContentType, "message/sipfrag;version=2.0");
        notify.AddHeader(SipHeaderNames.Contact, _call.Agent.ContactFor(_call.Dialog.Transport, _call.LocalUser).ToString());
        notify.Body = Encoding.ASCII.GetBytes($"SIP/2.0 {statusCode} {SipStatus.ReasonPhrase(statusCode)}\r\n");
        await _call.SendInDialogAsync(notify, cancellationToken);
    }
}
