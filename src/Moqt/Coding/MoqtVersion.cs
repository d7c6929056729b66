namespace ClutchCall.Moqt.Coding;

/// <summary>
/// Wire behaviours that differ between peers speaking the same draft number. Each message codec
/// branches on the version in one place (the moq-dev pattern), so later drafts add a value here.
/// </summary>
public enum MoqtDialect
{
    /// <summary>The draft text as written.</summary>
    Standard,

    /// <summary>
    /// @kixelated/moq 0.9.x ("moq-lite-js") speaking draft-14: every key-value parameter is
    /// length-prefixed (even types too), PUBLISH_DONE carries the reason before the stream count,
    /// object extension headers are refused, and the track alias must equal the request id.
    /// </summary>
    MoqLiteJs,
}

/// <summary>A negotiated MoQT version: the draft number on the wire plus the peer's dialect.</summary>
public readonly record struct MoqtVersion(uint Number, MoqtDialect Dialect = MoqtDialect.Standard)
{
    /// <summary>draft-ietf-moq-transport-14.</summary>
    public const uint Draft14Number = 0xff00000e;

    public static MoqtVersion Draft14 => new(Draft14Number);

    public static MoqtVersion Draft14LiteJs => new(Draft14Number, MoqtDialect.MoqLiteJs);

    /// <summary>Versions this library can negotiate, most preferred first.</summary>
    public static IReadOnlyList<uint> Supported { get; } = [Draft14Number];

    public static bool IsSupported(ulong number) => number == Draft14Number;

    /// <summary>True when even-typed parameters carry a bare varint rather than a length-prefixed value.</summary>
    public bool EvenParametersAreVarInts => Dialect == MoqtDialect.Standard;

    public override string ToString() => Dialect == MoqtDialect.Standard
        ? $"0x{Number:x8}"
        : $"0x{Number:x8} ({Dialect})";
}
