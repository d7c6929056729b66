namespace ClutchCall.Sip.Auth;

/// <summary>A username/password pair; the password is never logged.</summary>
public sealed record DigestCredentials(string Username, string Password)
{
    public override string ToString() => $"DigestCredentials {{ Username = {Username} }}";
}
