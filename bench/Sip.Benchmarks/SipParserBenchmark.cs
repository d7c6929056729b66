using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using ClutchCall.Sip.Messages;
using ClutchCall.Sip.Parsing;
using ClutchCall.Sip.Sdp;

namespace ClutchCall.Sip.Benchmarks;

/// <summary>
/// Parser throughput beside a trivial baseline measured in the same run: decoding the same bytes to a string and
/// finding the header terminator and Call-ID (the least any text-based handling must do).
/// </summary>
[MemoryDiagnoser]
public class SipParserBenchmark
{
    private const string Sdp =
        "v=0\r\no=- 1234 5678 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n" +
        "m=audio 10000 RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n" +
        "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=ptime:20\r\na=sendrecv\r\n";

    private static readonly string Invite =
        "INVITE sip:+15551234567@trunk.example.com:5060 SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK776asdhds;rport\r\n" +
        "Via: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bK1234;received=192.0.2.1\r\n" +
        "Max-Forwards: 70\r\n" +
        "To: <sip:+15551234567@trunk.example.com>\r\n" +
        "From: \"ClutchCall\" <sip:+15550001111@10.0.0.1>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710@10.0.0.1\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "Contact: <sip:+15550001111@10.0.0.1:5060>\r\n" +
        "Allow: INVITE, ACK, BYE, CANCEL, OPTIONS, REFER, NOTIFY\r\n" +
        "User-Agent: ClutchCall\r\n" +
        "Content-Type: application/sdp\r\n" +
        $"Content-Length: {Sdp.Length}\r\n\r\n" + Sdp;

    private readonly byte[] _invite = Encoding.ASCII.GetBytes(Invite);
    private readonly byte[] _sdp = Encoding.ASCII.GetBytes(Sdp);
    private ReadOnlySequence<byte> _segmented;
    private SipMessage _message = null!;

    [GlobalSetup]
    public void Setup()
    {
        var half = _invite.Length / 2;
        var first = new Segment(_invite.AsMemory(0, half));
        var last = first.Append(_invite.AsMemory(half));
        _segmented = new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
        _message = SipParser.ParseDatagram(_invite).Message!;
    }

    [Benchmark(Baseline = true, Description = "baseline: ASCII.GetString + IndexOf")]
    public int Baseline()
    {
        var text = Encoding.ASCII.GetString(_invite);
        return text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + text.IndexOf("Call-ID:", StringComparison.Ordinal);
    }

    [Benchmark(Description = "SipParser.ParseDatagram (INVITE + SDP)")]
    public SipMessage? ParseInvite() => SipParser.ParseDatagram(_invite).Message;

    [Benchmark(Description = "SipFramer.TryFrame (2 segments)")]
    public long Frame()
    {
        SipFramer.TryFrame(_segmented, out _, out var length, out _);
        return length;
    }

    [Benchmark(Description = "SdpParser.TryParse")]
    public SdpSession? ParseSdp()
    {
        SdpParser.TryParse(_sdp, out var s);
        return s;
    }

    [Benchmark(Description = "SipMessageWriter.ToBytes")]
    public byte[] Write() => SipMessageWriter.ToBytes(_message);

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> m) => Memory = m;

        public Segment Append(ReadOnlyMemory<byte> m)
        {
            var s = new Segment(m) { RunningIndex = RunningIndex + Memory.Length };
            Next = s;
            return s;
        }
    }
}
