using System.Text;
using ClutchCall.Sip.Dialogs;
using ClutchCall.Sip.Messages;
using ClutchCall.Sip.Parsing;
using ClutchCall.Sip.Transport;

namespace ClutchCall.Sip.Tests;

public class DialogTests
{
    private static T Parse<T>(string text) where T : SipMessage =>
        (T)SipParser.ParseDatagram(Encoding.ASCII.GetBytes(text.Replace("\n", "\r\n") + "\r\n")).Message!;

    private static readonly SipRequest Invite = Parse<SipRequest>("""
        INVITE sip:bob@biloxi.example.com SIP/2.0
        Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK74bf9
        Max-Forwards: 70
        From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl
        To: Bob <sip:bob@biloxi.example.com>
        Call-ID: 3848276298220188511@atlanta.example.com
        CSeq: 2 INVITE
        Record-Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>
        Contact: <sip:alice@pc33.atlanta.example.com>
        Content-Length: 0

        """);

    private static readonly SipResponse Ok = Parse<SipResponse>("""
        SIP/2.0 200 OK
        Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK74bf9
        From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl
        To: Bob <sip:bob@biloxi.example.com>;tag=8321234356
        Call-ID: 3848276298220188511@atlanta.example.com
        CSeq: 2 INVITE
        Record-Route: <sip:p1.example.com;lr>
        Record-Route: <sip:p2.example.com;lr>
        Contact: <sip:bob@192.0.2.4:5070>
        Content-Length: 0

        """);

    private static SipRequest With(SipRequest r, string header, string value)
    {
        var copy = new SipRequest { Method = r.Method, RequestUri = r.RequestUri };
        copy.Headers.AddRange(r.Headers);
        copy.SetHeader(header, value);
        return copy;
    }

    [Fact]
    public void Uac_dialog_reverses_record_route_and_targets_the_contact()
    {
        var d = SipDialog.FromUac(Invite, Ok, SipTransportKind.Udp);
        Assert.Equal(new DialogId("3848276298220188511@atlanta.example.com", "9fxced76sl", "8321234356"), d.Id);
        Assert.Equal(["<sip:p2.example.com;lr>", "<sip:p1.example.com;lr>"], d.RouteSet);
        Assert.Equal("p2.example.com", d.NextHop.Host);
        var bye = d.CreateRequest(SipMethod.Bye);
        Assert.Equal("sip:bob@192.0.2.4:5070", bye.RequestUri.ToString());
        Assert.Equal(["<sip:p2.example.com;lr>", "<sip:p1.example.com;lr>"], bye.GetHeaders("Route"));
        Assert.Equal(new CSeqHeader(3, "BYE"), bye.CSeq);
        Assert.Equal("8321234356", bye.To!.Tag);
        Assert.Equal("9fxced76sl", bye.From!.Tag);
        var ack = d.CreateRequest(SipMethod.Ack, Invite.CSeq.Number);
        Assert.Equal(new CSeqHeader(2, "ACK"), ack.CSeq);
        Assert.Equal(new CSeqHeader(4, "REFER"), d.CreateRequest(SipMethod.Refer).CSeq);
    }

    [Fact]
    public void Uas_dialog_keeps_record_route_order_and_rejects_old_cseqs()
    {
        var d = SipDialog.FromUas(Invite, "localtag", SipTransportKind.Tcp);
        Assert.Equal(["<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>"], d.RouteSet);
        Assert.Equal("alice", d.RemoteTarget.User);
        Assert.Equal("localtag", d.LocalParty.Tag);
        Assert.Equal(2u, d.RemoteSeq);
        var bye = d.CreateRequest(SipMethod.Bye);
        Assert.Equal("9fxced76sl", bye.To!.Tag);
        Assert.False(d.AcceptRemoteSequence(With(Invite, "CSeq", "1 INVITE")));
        Assert.False(d.AcceptRemoteSequence(With(Invite, "CSeq", "2 INVITE")));
        Assert.True(d.AcceptRemoteSequence(With(Invite, "CSeq", "3 INVITE")));
        Assert.Equal(3u, d.RemoteSeq);
    }

    [Fact]
    public void A_target_refresh_moves_the_remote_target()
    {
        var d = SipDialog.FromUac(Invite, Ok, SipTransportKind.Udp);
        d.RefreshTarget(With(Invite, "Contact", "<sip:bob@198.51.100.7:5080>"));
        Assert.Equal("198.51.100.7", d.RemoteTarget.Host);
    }
}
