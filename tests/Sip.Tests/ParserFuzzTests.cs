using System.Text;
using ClutchCall.Sip.Messages;
using ClutchCall.Sip.Parsing;
using ClutchCall.Sip.Sdp;
using FsCheck;
using FsCheck.Fluent;

namespace ClutchCall.Sip.Tests;

/// <summary>
/// The parsers must never throw: every input ends as a message or as the parser's own refusal. Inputs are
/// mutations of valid vectors (so they get deep into the grammar) plus raw random bytes.
/// </summary>
public class ParserFuzzTests
{
    private static readonly string[] Seeds =
    [
        SipTestMessages.Invite, SipTestMessages.CompactResponse,
        SipTestMessages.Tortuous.Replace("Content-Length   : 150", "Content-Length: 0")[..(SipTestMessages.Tortuous.IndexOf("\r\n\r\n") + 4)],
    ];

    private static readonly string[] SdpSeeds =
    [
        "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0 8 111 101\r\na=rtpmap:111 opus/48000/2\r\na=fmtp:111 useinbandfec=1\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=ptime:20\r\na=sendrecv\r\n",
        "v=0\no=x 2 3 IN IP6 ::1\ns=call\nc=IN IP6 ::1\nt=0 0\na=inactive\nm=audio 0 RTP/AVP 8\nm=video 5000 RTP/AVP 31\n",
    ];

    private static readonly string[] Tokens = ["\r\n", ":", ";", ",", "<", ">", "\"", "\\", " ", "\t", "=", "@", "/", "0", "99999999999", "SIP/2.0", "\r\n ", "\0", "é", "\r", "\n", "a=", "m=", "c="];

    internal static byte[] Mutate(string seed, Random rng)
    {
        var data = new List<byte>(Encoding.UTF8.GetBytes(seed));
        var ops = rng.Next(1, 6);
        for (var i = 0; i < ops && data.Count > 0; i++)
        {
            var at = rng.Next(data.Count);
            switch (rng.Next(6))
            {
                case 0: data[at] = (byte)rng.Next(256); break;
                case 1: data.RemoveRange(at, Math.Min(rng.Next(1, 8), data.Count - at)); break;
                case 2: data.InsertRange(at, Encoding.UTF8.GetBytes(Tokens[rng.Next(Tokens.Length)])); break;
                case 3: data.RemoveRange(at, data.Count - at); break;
                case 4:
                    var len = Math.Min(rng.Next(1, 40), data.Count - at);
                    data.InsertRange(rng.Next(data.Count), data.GetRange(at, len));
                    break;
                default: data[at] = (byte)char.ToUpperInvariant((char)data[at]); break;
            }
        }
        return [.. data];
    }

    private static bool SipNeverThrows(byte[] input)
    {
        var r = SipParser.ParseDatagram(input);
        if (r.Status == SipParseStatus.Complete)
        {
            // Whatever we accept, we can write, and what we write we accept again.
            var again = SipParser.ParseStream(SipMessageWriter.ToBytes(r.Message!));
            return again.Status == SipParseStatus.Complete;
        }
        _ = SipParser.ParseStream(input);
        return r.Status == SipParseStatus.Invalid && r.Reason != SipRejectReason.None;
    }

    private static bool SdpNeverThrows(byte[] input)
    {
        var error = SdpParser.TryParse(input, out var session);
        if (error != SdpParseError.None) return session is null;
        var written = SdpWriter.Write(session!);
        return SdpParser.TryParse(written, out _) == SdpParseError.None;
    }

    [Fact]
    public void Sip_parser_property_mutated_vectors()
    {
        var gen = from seedIndex in Gen.Choose(0, Seeds.Length - 1)
                  from salt in Gen.Choose(0, int.MaxValue - 1)
                  select Mutate(Seeds[seedIndex], new Random(salt));
        Prop.ForAll(Arb.From(gen), SipNeverThrows).Check(Config.QuickThrowOnFailure.WithMaxTest(3000));
    }

    [Fact]
    public void Sip_parser_property_random_bytes()
    {
        Prop.ForAll(Arb.From(Gen.ArrayOf(Gen.Choose(0, 255).Select(i => (byte)i))), SipNeverThrows)
            .Check(Config.QuickThrowOnFailure.WithMaxTest(1000));
    }

    [Fact]
    public void Sdp_parser_property_mutated_vectors()
    {
        var gen = from seedIndex in Gen.Choose(0, SdpSeeds.Length - 1)
                  from salt in Gen.Choose(0, int.MaxValue - 1)
                  select Mutate(SdpSeeds[seedIndex], new Random(salt));
        Prop.ForAll(Arb.From(gen), SdpNeverThrows).Check(Config.QuickThrowOnFailure.WithMaxTest(3000));
    }

    [Fact]
    public void Seeded_fuzz_loop_over_both_parsers_and_the_framer()
    {
        var rng = new Random(20261122);
        for (var i = 0; i < 20_000; i++)
        {
            var sip = Mutate(Seeds[i % Seeds.Length], rng);
            Assert.True(SipNeverThrows(sip), Encoding.UTF8.GetString(sip));
            _ = SipFramer.TryFrame(new System.Buffers.ReadOnlySequence<byte>(sip), out _, out _, out _);
            var sdp = Mutate(SdpSeeds[i % SdpSeeds.Length], rng);
            Assert.True(SdpNeverThrows(sdp), Encoding.UTF8.GetString(sdp));
        }
    }
}
