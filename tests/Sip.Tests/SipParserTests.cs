using System.Buffers;
using System.Text;
using ClutchCall.Sip.Messages;
using ClutchCall.Sip.Parsing;

namespace ClutchCall.Sip.Tests;

public class SipParserTests
{
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    private static string WithExactLength(string message)
    {
        var split = message.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;
        var body = message[split..];
        var head = System.Text.RegularExpressions.Regex.Replace(message[..split], @"Content-Length\s*:\s*\d+", "Content-Length: " + Encoding.UTF8.GetByteCount(body));
        return head + body;
    }

    [Fact]
    public void Parses_a_plain_invite()
    {
        var r = SipParser.ParseDatagram(B(SipTestMessages.Invite));
        Assert.Equal(SipParseStatus.Complete, r.Status);
        var req = Assert.IsType<SipRequest>(r.Message);
        Assert.Equal("INVITE", req.Method);
        Assert.Equal("bob", req.RequestUri.User);
        Assert.Equal("biloxi.example.com", req.RequestUri.Host);
        Assert.Equal(new CSeqHeader(314159, "INVITE"), req.CSeq);
        Assert.Equal("1928301774", req.From!.Tag);
        Assert.Equal("Alice", req.From.DisplayName);
        Assert.Null(req.To!.Tag);
        Assert.Equal("z9hG4bK776asdhds", req.TopVia!.Branch);
        Assert.Equal("v=0\n", Encoding.ASCII.GetString(req.Body));
        Assert.Equal(r.Consumed, SipTestMessages.Invite.Length);
    }

    [Fact]
    public void Parses_the_tortuous_invite_with_folding_compact_forms_and_odd_spacing()
    {
        var text = WithExactLength(SipTestMessages.Tortuous);
        var r = SipParser.ParseDatagram(B(text));
        Assert.Equal(SipRejectReason.None, r.Reason);
        var req = Assert.IsType<SipRequest>(r.Message);
        Assert.Equal("1918181833n", req.To!.Tag);
        Assert.Equal("98asjd8", req.From!.Tag);
        Assert.Equal("J Rosenberg \\\"", req.From.DisplayName);
        Assert.Equal(new CSeqHeader(9, "INVITE"), req.CSeq);
        var vias = req.Vias;
        Assert.Equal(3, vias.Count);
        Assert.Equal(["UDP", "TCP", "UDP"], vias.Select(v => v.Transport));
        Assert.Equal("z9hG4bK30239", vias[2].Branch);
        Assert.Equal("newfangled value continued newfangled value", req.GetHeader("NewFangledHeader"));
        Assert.Equal("0.33", req.Contact!.Parameters["q"]);
        Assert.Equal("", req.GetHeader("Subject"));
        Assert.True(NameAddr.Parse(req.GetHeader("Route")!).Uri.Parameters.Contains("lr"));
    }

    [Fact]
    public void Parses_a_response_with_compact_headers_rport_and_received()
    {
        var r = SipParser.ParseDatagram(B(SipTestMessages.CompactResponse));
        var resp = Assert.IsType<SipResponse>(r.Message);
        Assert.Equal(180, resp.StatusCode);
        Assert.Equal("Ringing", resp.ReasonPhrase);
        Assert.Equal(2, resp.Vias.Count);
        Assert.Equal(5062, resp.TopVia!.Rport);
        Assert.Equal("10.0.0.9", resp.TopVia.Received);
        Assert.Equal("tcp", resp.Contact!.Uri.Transport);
        Assert.Equal(5080, resp.Contact.Uri.Port);
        Assert.Equal("abc@10.0.0.1", resp.CallId);
    }

    public static TheoryData<string> InvalidNames()
    {
        var d = new TheoryData<string>();
        foreach (var (name, _, _) in SipTestMessages.Invalid) d.Add(name);
        return d;
    }

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public void Refuses_malformed_messages_with_a_reason(string name)
    {
        var (_, message, reason) = SipTestMessages.Invalid.Single(x => x.Name == name);
        var r = SipParser.ParseDatagram(B(message));
        Assert.Equal(SipParseStatus.Invalid, r.Status);
        Assert.Equal(reason, r.Reason);
    }

    [Fact]
    public void Salvages_enough_of_a_bad_request_to_answer_400()
    {
        var bad = SipTestMessages.Invite.Replace("CSeq: 314159 INVITE", "CSeq: x INVITE");
        var r = SipParser.ParseDatagram(B(bad));
        Assert.NotNull(r.Salvaged);
        var response = SipMessageFactory.CreateResponse(r.Salvaged!, r.Reason.ToStatusCode(), r.Reason.ToPhrase());
        Assert.Equal(400, response.StatusCode);
        Assert.Equal("a84b4c76e66710@pc33.atlanta.example.com", response.CallId);
        Assert.Equal("z9hG4bK776asdhds", response.TopVia!.Branch);
    }

    [Fact]
    public void Every_prefix_of_a_message_is_incomplete_on_a_stream_and_the_framer_consumes_nothing()
    {
        var bytes = B(SipTestMessages.Invite);
        for (var i = 0; i < bytes.Length; i++)
        {
            var prefix = bytes.AsSpan(0, i);
            Assert.Equal(SipParseStatus.Incomplete, SipParser.ParseStream(prefix).Status);
            var status = SipFramer.TryFrame(new ReadOnlySequence<byte>(bytes, 0, i), out var skip, out _, out _);
            Assert.Equal(OperationStatus.NeedMoreData, status);
            Assert.Equal(0, skip);
        }
        Assert.Equal(SipParseStatus.Complete, SipParser.ParseStream(bytes).Status);
    }

    public static TheoryData<int> SplitPoints()
    {
        var d = new TheoryData<int>();
        for (var i = 1; i < SipTestMessages.Invite.Length; i++) d.Add(i);
        return d;
    }

    [Theory]
    [MemberData(nameof(SplitPoints))]
    public void Framer_finds_the_same_boundary_at_every_split_point(int split)
    {
        // Two messages back to back, with a keep-alive CRLF between them, split into two segments.
        var stream = B(SipTestMessages.Invite + "\r\n" + SipTestMessages.CompactResponse);
        var sequence = SequenceFactory.Create(stream[..split], stream[split..]);
        Assert.Equal(OperationStatus.Done, SipFramer.TryFrame(sequence, out var skip, out var length, out _));
        Assert.Equal(0, skip);
        Assert.Equal(SipTestMessages.Invite.Length, length);
        var rest = sequence.Slice(length);
        Assert.Equal(OperationStatus.Done, SipFramer.TryFrame(rest, out skip, out length, out _));
        Assert.Equal(2, skip);
        Assert.Equal(SipTestMessages.CompactResponse.Length, length);
        var parsed = SipParser.ParseStream(rest.Slice(skip, length).ToArray());
        Assert.Equal(180, Assert.IsType<SipResponse>(parsed.Message).StatusCode);
    }

    [Fact]
    public void Framer_handles_a_byte_per_segment_buffer()
    {
        var bytes = B(SipTestMessages.Invite);
        var sequence = SequenceFactory.Create(bytes.Select(b => new[] { b }).ToArray());
        Assert.Equal(OperationStatus.Done, SipFramer.TryFrame(sequence, out _, out var length, out _));
        Assert.Equal(bytes.Length, length);
    }

    [Fact]
    public void Framer_rejects_a_stream_message_without_content_length()
    {
        var text = SipTestMessages.Invite.Replace("Content-Length: 4\r\n", "");
        Assert.Equal(OperationStatus.InvalidData, SipFramer.TryFrame(new ReadOnlySequence<byte>(B(text)), out _, out _, out var reason));
        Assert.Equal(SipRejectReason.BadContentLength, reason);
    }

    [Fact]
    public void Writer_output_parses_back_to_the_same_message()
    {
        var original = (SipRequest)SipParser.ParseDatagram(B(WithExactLength(SipTestMessages.Tortuous))).Message!;
        var bytes = SipMessageWriter.ToBytes(original);
        var again = Assert.IsType<SipRequest>(SipParser.ParseStream(bytes).Message);
        Assert.Equal(original.Method, again.Method);
        Assert.Equal(original.RequestUri.ToString(), again.RequestUri.ToString());
        Assert.Equal(original.Headers.Where(h => h.Name != "Content-Length"), again.Headers.Where(h => h.Name != "Content-Length"));
        Assert.Equal(original.Body, again.Body);
    }

    [Theory]
    [InlineData("sip:alice@example.com", "alice", "example.com", null)]
    [InlineData("sips:+15551234567@10.0.0.1:5061;user=phone;transport=tls", "+15551234567", "10.0.0.1", 5061)]
    [InlineData("sip:[2001:db8::10]:5070", null, "[2001:db8::10]", 5070)]
    [InlineData("sip:user:secret@host.example;lr?Subject=x", "user", "host.example", null)]
    public void Parses_uris(string text, string? user, string host, int? port)
    {
        Assert.True(SipUri.TryParse(text, out var uri));
        Assert.Equal(user, uri.User);
        Assert.Equal(host, uri.Host);
        Assert.Equal(port, uri.Port);
        Assert.Equal(text, uri.ToString());
    }

    [Theory]
    [InlineData("sip:")]
    [InlineData("sip:@host")]
    [InlineData("sip:a@ho st")]
    [InlineData("sip:a@host:0")]
    [InlineData("sip:a@[::1")]
    [InlineData(":nothing")]
    public void Refuses_bad_uris(string text) => Assert.False(SipUri.TryParse(text, out _));

    [Fact]
    public void Tel_uris_are_kept_opaque()
    {
        Assert.True(SipUri.TryParse("tel:+1-201-555-0123", out var uri));
        Assert.False(uri.IsSip);
        Assert.Equal("tel:+1-201-555-0123", uri.ToString());
    }
}
