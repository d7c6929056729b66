namespace ClutchCall.Moqt.Coding;

/// <summary>Outcome of a synchronous decode from a buffer.</summary>
public enum DecodeStatus
{
    /// <summary>A whole item was decoded and its bytes consumed.</summary>
    Done,

    /// <summary>The buffer ends inside the item: nothing was consumed; call again with more bytes.</summary>
    NeedMoreData,

    /// <summary>The bytes can never form a valid item; the session must close with the reported error code.</summary>
    Invalid,
}

/// <summary>Why a decode failed: the MoQT session error code to close with and a human readable reason.</summary>
public readonly record struct DecodeError(MoqtErrorCode Code, string Reason)
{
    public static DecodeError None => default;

    public override string ToString() => $"{Code}: {Reason}";
}
