namespace ClutchCall.Sip.Tests;

/// <summary>Message vectors in the style of RFC 4475 (valid ones first, then the ones a strict parser must refuse).</summary>
public static class SipTestMessages
{
    public const string Invite =
        "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds\r\n" +
        "Max-Forwards: 70\r\n" +
        "To: Bob <sip:bob@biloxi.example.com>\r\n" +
        "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "Contact: <sip:alice@pc33.atlanta.example.com>\r\n" +
        "Content-Type: application/sdp\r\n" +
        "Content-Length: 4\r\n" +
        "\r\n" +
        "v=0\n";

    /// <summary>RFC 4475 §3.1.1.1 "wsinv" flavour: compact forms, folding, odd spacing, multiple Via in one line.</summary>
    public const string Tortuous =
        "INVITE sip:vivekg@chair-dnrc.example.com;unknownparam SIP/2.0\r\n" +
        "TO :\r\n" +
        " sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n\r\n" +
        "from   : \"J Rosenberg \\\\\\\"\"       <sip:jdrosen@example.com>\r\n" +
        "  ;\r\n" +
        "  tag = 98asjd8\r\n" +
        "MaX-fOrWaRdS: 0068\r\n" +
        "Call-ID: wsinv.ndaksdj@192.0.2.1\r\n" +
        "Content-Length   : 150\r\n" +
        "cseq: 0009\r\n" +
        "  INVITE\r\n" +
        "Via  : SIP  /   2.0\r\n" +
        " /UDP\r\n" +
        "    192.0.2.2;branch=390skdjuw\r\n" +
        "s :\r\n" +
        "NewFangledHeader:   newfangled value\r\n" +
        " continued newfangled value\r\n" +
        "UnknownHeaderWithUnusualValue: ;;,,;;,;\r\n" +
        "Content-Type: application/sdp\r\n" +
        "Route:\r\n" +
        " <sip:services.example.com;lr;unknownwith=value;unknown-no-value>\r\n" +
        "v:  SIP  / 2.0  / TCP     spindle.example.com   ;\r\n" +
        "  branch  =   z9hG4bK9ikj8  ,\r\n" +
        " SIP  /    2.0   / UDP  192.168.255.111   ; branch=\r\n" +
        " z9hG4bK30239\r\n" +
        "m:\"Quoted string \\\"\\\"\" <sip:jdrosen@example.com> ; newparam =\r\n" +
        "      newvalue ;\r\n" +
        "  secondparam ; q = 0.33\r\n" +
        "\r\n" +
        "v=0\r\n" +
        "o=mhandley 29739 7272939 IN IP4 192.0.2.3\r\n" +
        "s=-\r\n" +
        "c=IN IP4 192.0.2.4\r\n" +
        "t=0 0\r\n" +
        "m=audio 49217 RTP/AVP 0 12\r\n" +
        "m=video 3227 RTP/AVP 31\r\n" +
        "a=rtpmap:31 LPC\r\n";

    public const string CompactResponse =
        "SIP/2.0 180 Ringing\r\n" +
        "v: SIP/2.0/UDP 10.0.0.1:5062;branch=z9hG4bKabc;rport=5062;received=10.0.0.9\r\n" +
        "v: SIP/2.0/TCP proxy.example.com;branch=z9hG4bKdef\r\n" +
        "f: <sip:a@example.com>;tag=1\r\n" +
        "t: <sip:b@example.com>;tag=2\r\n" +
        "i: abc@10.0.0.1\r\n" +
        "CSeq: 1 INVITE\r\n" +
        "m: <sip:b@10.0.0.2:5080;transport=tcp>\r\n" +
        "l: 0\r\n" +
        "\r\n";

    /// <summary>Requests a strict parser must refuse, with the reason it must give.</summary>
    public static readonly (string Name, string Message, Parsing.SipRejectReason Reason)[] Invalid =
    [
        ("missing Call-ID", Invite.Replace("Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n", ""), Parsing.SipRejectReason.MissingMandatoryHeader),
        ("CSeq method mismatch", Invite.Replace("CSeq: 314159 INVITE", "CSeq: 314159 ACK"), Parsing.SipRejectReason.CSeqMethodMismatch),
        ("CSeq too large", Invite.Replace("CSeq: 314159 INVITE", "CSeq: 36893488147419103232 INVITE"), Parsing.SipRejectReason.BadCSeq),
        ("negative Content-Length", Invite.Replace("Content-Length: 4", "Content-Length: -999"), Parsing.SipRejectReason.BadContentLength),
        ("Content-Length beyond body", Invite.Replace("Content-Length: 4", "Content-Length: 9999"), Parsing.SipRejectReason.BodyTruncated),
        ("unknown version", Invite.Replace("biloxi.example.com SIP/2.0", "biloxi.example.com SIP/7.0"), Parsing.SipRejectReason.UnsupportedVersion),
        ("space in Request-URI", Invite.Replace("sip:bob@biloxi.example.com SIP", "sip:bob@biloxi. example.com SIP"), Parsing.SipRejectReason.BadRequestUri),
        ("bad Via", Invite.Replace("SIP/2.0/UDP pc33", "SIP/2.0 pc33"), Parsing.SipRejectReason.BadVia),
        ("unterminated quote in From", Invite.Replace("From: Alice <", "From: \"Alice <"), Parsing.SipRejectReason.BadFromOrTo),
        ("Max-Forwards not a number", Invite.Replace("Max-Forwards: 70", "Max-Forwards: seventy"), Parsing.SipRejectReason.BadMaxForwards),
        ("header without colon", Invite.Replace("Max-Forwards: 70", "Max-Forwards 70"), Parsing.SipRejectReason.BadHeaderLine),
        ("bare LF inside header", Invite.Replace("Max-Forwards: 70\r\n", "Max-Forwards: 70\nX: y\r\n"), Parsing.SipRejectReason.BadLineEnding),
        ("two Call-IDs", Invite.Replace("CSeq:", "Call-ID: other@x\r\nCSeq:"), Parsing.SipRejectReason.BadCallId),
        ("conflicting Content-Length", Invite.Replace("Content-Length: 4", "Content-Length: 4\r\nl: 3"), Parsing.SipRejectReason.BadContentLength),
        ("bad method token", Invite.Replace("INVITE sip:", "INV(TE sip:"), Parsing.SipRejectReason.BadMethod),
        ("Request-URI port out of range", Invite.Replace("sip:bob@biloxi.example.com SIP", "sip:bob@biloxi.example.com:70000 SIP"), Parsing.SipRejectReason.BadRequestUri),
        ("no terminator", "INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP a;branch=z9hG4bK1\r\n", Parsing.SipRejectReason.NoHeaderTerminator),
        ("escaped header in To", Invite.Replace("To: Bob <sip:bob@biloxi.example.com>", "To: Bob <sip:bob@biloxi.example.com"), Parsing.SipRejectReason.BadFromOrTo),
    ];
}
