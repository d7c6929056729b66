namespace ClutchCall.Sip.Messages;

/// <summary>Canonical header names and the RFC 3261 §7.3.3 / RFC 3515 compact forms.</summary>
public static class SipHeaderNames
{
    public const string Via = "Via";
    public const string From = "From";
    public const string To = "To";
    public const string CallId = "Call-ID";
    public const string CSeq = "CSeq";
    public const string Contact = "Contact";
    public const string MaxForwards = "Max-Forwards";
    public const string ContentLength = "Content-Length";
    public const string ContentType = "Content-Type";
    public const string Route = "Route";
    public const string RecordRoute = "Record-Route";
    public const string WwwAuthenticate = "WWW-Authenticate";
    public const string ProxyAuthenticate = "Proxy-Authenticate";
    public const string Authorization = "Authorization";
    public const string ProxyAuthorization = "Proxy-Authorization";
    public const string UserAgent = "User-Agent";
    public const string Allow = "Allow";
    public const string Supported = "Supported";
    public const string Event = "Event";
    public const string SubscriptionState = "Subscription-State";
    public const string ReferTo = "Refer-To";
    public const string ReferredBy = "Referred-By";
    public const string Reason = "Reason";

    /// <summary>Expands a compact form and fixes the case of well-known names so lookups can be ordinal.</summary>
    public static string Canonicalize(ReadOnlySpan<char> name)
    {
        if (name.Length == 1)
        {
            switch (char.ToLowerInvariant(name[0]))
            {
                case 'i': return CallId;
                case 'm': return Contact;
                case 'e': return "Content-Encoding";
                case 'l': return ContentLength;
                case 'c': return ContentType;
                case 'f': return From;
                case 's': return "Subject";
                case 'k': return Supported;
                case 't': return To;
                case 'v': return Via;
                case 'o': return Event;
                case 'r': return ReferTo;
                case 'b': return ReferredBy;
                case 'u': return "Allow-Events";
                case 'x': return "Session-Expires";
            }
        }
        return KnownLookup.TryGetValue(name, out var known) ? known : name.ToString();
    }

    private static readonly string[] Known =
    [
        Via, From, To, CallId, CSeq, Contact, MaxForwards, ContentLength, ContentType, Route, RecordRoute,
        WwwAuthenticate, ProxyAuthenticate, Authorization, ProxyAuthorization, UserAgent, Allow, Supported,
        Event, SubscriptionState, ReferTo, ReferredBy, Reason, "Expires", "Require", "Unsupported", "Accept",
    ];

    private static readonly System.Collections.Frozen.FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> KnownLookup =
        System.Collections.Frozen.FrozenDictionary.ToFrozenDictionary(Known, k => k, k => k, StringComparer.OrdinalIgnoreCase)
            .GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Headers whose values are comma-separated lists (RFC 3261 §7.3.1) and are stored one entry per value.</summary>
    public static bool IsList(string canonical) =>
        canonical is Via or Contact or Route or RecordRoute;
}
