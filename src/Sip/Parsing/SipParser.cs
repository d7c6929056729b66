using System.Buffers;
using System.Text;
using System.Text.Unicode;
using ClutchCall.Sip.Messages;

namespace ClutchCall.Sip.Parsing;

/// <summary>
/// Strict RFC 3261 §7 message parser. It never throws on input: everything it cannot accept comes back as a
/// <see cref="SipRejectReason"/>. Datagram mode treats the span as one whole message; stream mode (TCP) reports
/// <see cref="SipParseStatus.Incomplete"/> until the header section and Content-Length bytes have arrived.
/// </summary>
public static class SipParser
{
    public const int MaxHeaderSection = 64 * 1024;
    public const int MaxBody = 1024 * 1024;
    private static ReadOnlySpan<byte> HeaderEnd => "\r\n\r\n"u8;

    public static SipParseResult ParseDatagram(ReadOnlySpan<byte> data) => Parse(data, stream: false);

    public static SipParseResult ParseStream(ReadOnlySpan<byte> data) => Parse(data, stream: true);

    private static SipParseResult Parse(ReadOnlySpan<byte> data, bool stream)
    {
        // RFC 3261 §7.5: CRLFs before the start line are ignored (they are also the TCP keep-alive).
        var skip = 0;
        while (skip + 1 < data.Length && data[skip] == '\r' && data[skip + 1] == '\n') skip += 2;
        var rest = data[skip..];
        var end = rest.IndexOf(HeaderEnd);
        if (end < 0)
        {
            if (rest.Length > MaxHeaderSection) return SipParseResult.Invalid(SipRejectReason.HeaderSectionTooLarge);
            return stream ? SipParseResult.Incomplete : SipParseResult.Invalid(SipRejectReason.NoHeaderTerminator);
        }
        if (end > MaxHeaderSection) return SipParseResult.Invalid(SipRejectReason.HeaderSectionTooLarge);
        var head = rest[..end];
        if (!Utf8.IsValid(head)) return SipParseResult.Invalid(SipRejectReason.InvalidEncoding);
        var text = Ascii.IsValid(head) ? Encoding.Latin1.GetString(head) : Encoding.UTF8.GetString(head);

        var result = ParseHead(text, out var message, out var salvaged, out var contentLength);
        if (result != SipRejectReason.None) return SipParseResult.Invalid(result, salvaged);

        var bodyStart = skip + end + HeaderEnd.Length;
        var available = data.Length - bodyStart;
        int bodyLength;
        if (contentLength is { } cl)
        {
            if (cl > available)
            {
                return stream ? SipParseResult.Incomplete : SipParseResult.Invalid(SipRejectReason.BodyTruncated, message as SipRequest);
            }
            bodyLength = cl;
        }
        else if (stream)
        {
            // RFC 3261 §18.3: Content-Length is mandatory on stream transports.
            return SipParseResult.Invalid(SipRejectReason.BadContentLength, message as SipRequest);
        }
        else bodyLength = available;
        message!.Body = data.Slice(bodyStart, bodyLength).ToArray();
        return new SipParseResult(SipParseStatus.Complete, SipRejectReason.None, bodyStart + bodyLength, message);
    }

    private static SipRejectReason ParseHead(string text, out SipMessage? message, out SipRequest? salvaged, out int? contentLength)
    {
        message = null; salvaged = null; contentLength = null;
        var span = text.AsSpan();
        var lineEnd = span.IndexOf("\r\n");
        var startLine = lineEnd < 0 ? span : span[..lineEnd];
        var headers = lineEnd < 0 ? default : span[(lineEnd + 2)..];
        if (startLine.IndexOfAny('\r', '\n') >= 0) return SipRejectReason.BadLineEnding;

        var reason = ParseStartLine(startLine, out message);
        if (reason != SipRejectReason.None) return reason;
        salvaged = message as SipRequest;

        reason = SipHeaderReader.ReadHeaders(headers, message!);
        if (reason != SipRejectReason.None) return reason;
        return SipMessageValidator.Validate(message!, out contentLength);
    }

    private static SipRejectReason ParseStartLine(ReadOnlySpan<char> line, out SipMessage? message)
    {
        message = null;
        if (line.StartsWith("SIP/", StringComparison.OrdinalIgnoreCase))
        {
            // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase
            var sp = line.IndexOf(' ');
            if (sp < 0) return SipRejectReason.BadStartLine;
            if (!line[..sp].Equals("SIP/2.0", StringComparison.OrdinalIgnoreCase)) return SipRejectReason.UnsupportedVersion;
            var rest = line[(sp + 1)..];
            if (rest.Length < 3 || (rest.Length > 3 && rest[3] != ' ')) return SipRejectReason.BadStatusCode;
            var code = rest[..3];
            foreach (var c in code) if (!char.IsAsciiDigit(c)) return SipRejectReason.BadStatusCode;
            var status = int.Parse(code);
            if (status is < 100 or > 699) return SipRejectReason.BadStatusCode;
            var phrase = rest.Length > 4 ? rest[4..] : default;
            foreach (var c in phrase) if (c < ' ' && c != '\t') return SipRejectReason.BadStartLine;
            message = new SipResponse { StatusCode = status, ReasonPhrase = phrase.ToString() };
            return SipRejectReason.None;
        }

        // Request-Line = Method SP Request-URI SP SIP-Version (exactly single spaces)
        var first = line.IndexOf(' ');
        var last = line.LastIndexOf(' ');
        if (first <= 0 || last <= first + 1) return SipRejectReason.BadStartLine;
        var method = line[..first];
        if (!SipGrammar.IsToken(method)) return SipRejectReason.BadMethod;
        var uriText = line[(first + 1)..last];
        if (!line[(last + 1)..].Equals("SIP/2.0", StringComparison.OrdinalIgnoreCase))
        {
            return line[(last + 1)..].StartsWith("SIP/", StringComparison.OrdinalIgnoreCase)
                ? SipRejectReason.UnsupportedVersion : SipRejectReason.BadStartLine;
        }
        if (!SipUri.TryParse(uriText, out var uri)) return SipRejectReason.BadRequestUri;
        message = new SipRequest { Method = method.ToString(), RequestUri = uri };
        return SipRejectReason.None;
    }
}
