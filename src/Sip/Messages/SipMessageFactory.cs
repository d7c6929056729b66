namespace ClutchCall.Sip.Messages;

/// <summary>Builds responses (RFC 3261 §8.2.6) and ids (branches, tags, Call-IDs).</summary>
public static class SipMessageFactory
{
    /// <summary>Copies Via (all, in order), From, To, Call-ID and CSeq; adds a To tag to non-100 responses when asked.</summary>
    public static SipResponse CreateResponse(SipRequest request, int status, string? reason = null, string? toTag = null)
    {
        var response = new SipResponse { StatusCode = status, ReasonPhrase = reason ?? SipStatus.ReasonPhrase(status) };
        foreach (var h in request.Headers)
        {
            if (h.Name is SipHeaderNames.Via or SipHeaderNames.From or SipHeaderNames.CallId or SipHeaderNames.CSeq)
            {
                response.Headers.Add(h);
            }
            else if (h.Name == SipHeaderNames.To)
            {
                var to = h.Value;
                if (toTag is not null && status != 100 && NameAddr.TryParse(to, out var na) && na.Tag is null)
                {
                    to = na.WithTag(toTag).ToString();
                }
                response.Headers.Add(new SipHeader(SipHeaderNames.To, to));
            }
            else if (h.Name == SipHeaderNames.RecordRoute && status is > 100 and < 300)
            {
                response.Headers.Add(h);
            }
        }
        return response;
    }

    public static string NewBranch() => ViaHeader.MagicCookie + RandomToken(16);

    public static string NewTag() => RandomToken(10);

    public static string NewCallId(string host) => RandomToken(20) + "@" + host;

    public static string RandomToken(int length)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        Span<char> chars = stackalloc char[length];
        Span<byte> bytes = stackalloc byte[length];
        System.Security.Cryptography.RandomNumberGenerator.Fill(bytes);
        for (var i = 0; i < length; i++) chars[i] = alphabet[bytes[i] % alphabet.Length];
        return new string(chars);
    }
}
