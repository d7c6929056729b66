namespace ClutchCall.Moqt.Coding;

/// <summary>Session termination error codes of draft-ietf-moq-transport-14 (§ Session Termination).</summary>
public enum MoqtErrorCode : ulong
{
    NoError = 0x0,
    InternalError = 0x1,
    Unauthorized = 0x2,
    ProtocolViolation = 0x3,
    InvalidRequestId = 0x4,
    DuplicateTrackAlias = 0x5,
    KeyValueFormattingError = 0x6,
    TooManyRequests = 0x7,
    InvalidPath = 0x8,
    MalformedPath = 0x9,
    GoawayTimeout = 0x10,
    ControlMessageTimeout = 0x11,
    DataStreamTimeout = 0x12,
    AuthTokenCacheOverflow = 0x13,
    DuplicateAuthTokenAlias = 0x14,
    VersionNegotiationFailed = 0x15,
    MalformedAuthToken = 0x16,
    UnknownAuthTokenAlias = 0x17,
    ExpiredAuthToken = 0x18,
}

/// <summary>Stream reset codes for data streams (draft-14 § Closing Subgroup Streams).</summary>
public static class MoqtStreamResetCode
{
    public const ulong InternalError = 0x0;
    public const ulong Cancelled = 0x1;
    public const ulong DeliveryTimeout = 0x2;
    public const ulong SessionClosed = 0x3;
}

/// <summary>Raised on the library's own error path: the session closes with <see cref="Code"/>.</summary>
public sealed class MoqtException(MoqtErrorCode code, string message) : Exception(message)
{
    public MoqtErrorCode Code { get; } = code;
}
