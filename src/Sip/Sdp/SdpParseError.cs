namespace ClutchCall.Sip.Sdp;

public enum SdpParseError
{
    None = 0,
    Empty,
    BadLine,
    MissingVersion,
    BadVersion,
    BadOrigin,
    MissingSessionName,
    BadConnection,
    BadMedia,
    BadAttribute,
    MissingConnection,
    TooLarge,
}
