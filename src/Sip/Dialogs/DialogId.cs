namespace ClutchCall.Sip.Dialogs;

/// <summary>RFC 3261 §12: a dialog is identified by Call-ID, local tag and remote tag.</summary>
public readonly record struct DialogId(string CallId, string LocalTag, string RemoteTag)
{
    /// <summary>The key used before the remote tag is known (our own tag is unique per call).</summary>
    public string LocalKey => CallId + "|" + LocalTag;
}
