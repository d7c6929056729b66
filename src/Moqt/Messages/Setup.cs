using ClutchCall.Moqt.Coding;

namespace ClutchCall.Moqt.Messages;

/// <summary>Setup parameter types of draft-14.</summary>
public static class SetupParameterType
{
    public const ulong Path = 0x01;
    public const ulong MaxRequestId = 0x02;
    public const ulong AuthorizationToken = 0x03;
    public const ulong MaxAuthTokenCacheSize = 0x04;

    /// <summary>
    /// AUTHORITY in the draft-14 text, but moq-lite-js puts its implementation name ("moq-lite-js") here
    /// (it moved to 0x07 in -15): kept as an opaque value, never interpreted as an authority.
    /// </summary>
    public const ulong AuthorityOrImplementation = 0x05;
}

/// <summary>CLIENT_SETUP (0x20): offered versions and setup parameters.</summary>
public sealed record ClientSetup(IReadOnlyList<ulong> SupportedVersions, MoqtParameters Parameters) : ControlMessage
{
    /// <summary>Peers offering more versions than this are refused.</summary>
    public const int MaxVersions = 128;

    public override ControlMessageType Type => ControlMessageType.ClientSetup;

    /// <summary>How the parameters were encoded: detected while decoding, used to answer in kind.</summary>
    public MoqtDialect Dialect { get; init; } = MoqtDialect.Standard;

    public ulong MaxRequestId => Parameters.GetVarInt(SetupParameterType.MaxRequestId) ?? 0;

    public string? Path => Parameters.GetBytes(SetupParameterType.Path) is { } b ? System.Text.Encoding.UTF8.GetString(b.Span) : null;

    public ReadOnlyMemory<byte>? AuthorizationToken => Parameters.GetBytes(SetupParameterType.AuthorizationToken);

    internal override void EncodeBody(ref MoqtWriter writer, MoqtVersion version)
    {
        writer.WriteVarInt((ulong)SupportedVersions.Count);
        foreach (ulong v in SupportedVersions) writer.WriteVarInt(v);
        Parameters.Encode(ref writer, new MoqtVersion(MoqtVersion.Draft14Number, Dialect));
    }

    internal static bool TryDecode(ref MoqtReader reader, MoqtDialect dialect, out ControlMessage? message)
    {
        message = null;
        if (!reader.TryReadVarInt(out ulong count)) return false;
        if (count is 0 or > MaxVersions) return reader.Fail(MoqtErrorCode.ProtocolViolation, $"CLIENT_SETUP offers {count} versions");
        var versions = new ulong[count];
        for (int i = 0; i < versions.Length; i++)
        {
            if (!reader.TryReadVarInt(out versions[i])) return false;
        }

        if (!MoqtParameters.TryDecode(ref reader, new MoqtVersion(MoqtVersion.Draft14Number, dialect), out MoqtParameters p)) return false;
        message = new ClientSetup(versions, p) { Dialect = dialect };
        return true;
    }

    public bool Equals(ClientSetup? other) =>
        other is not null && SupportedVersions.SequenceEqual(other.SupportedVersions) && Parameters.Equals(other.Parameters) && Dialect == other.Dialect;

    public override int GetHashCode() => HashCode.Combine(SupportedVersions.Count, Parameters.Count);
}

/// <summary>SERVER_SETUP (0x21): the selected version and the server's parameters.</summary>
public sealed record ServerSetup(ulong SelectedVersion, MoqtParameters Parameters) : ControlMessage
{
    public override ControlMessageType Type => ControlMessageType.ServerSetup;

    public MoqtDialect Dialect { get; init; } = MoqtDialect.Standard;

    public ulong MaxRequestId => Parameters.GetVarInt(SetupParameterType.MaxRequestId) ?? 0;

    internal override void EncodeBody(ref MoqtWriter writer, MoqtVersion version)
    {
        writer.WriteVarInt(SelectedVersion);
        Parameters.Encode(ref writer, new MoqtVersion(MoqtVersion.Draft14Number, Dialect));
    }

    internal static bool TryDecode(ref MoqtReader reader, MoqtDialect dialect, out ControlMessage? message)
    {
        message = null;
        if (!reader.TryReadVarInt(out ulong version)) return false;
        if (!MoqtParameters.TryDecode(ref reader, new MoqtVersion(MoqtVersion.Draft14Number, dialect), out MoqtParameters p)) return false;
        message = new ServerSetup(version, p) { Dialect = dialect };
        return true;
    }
}

/// <summary>
/// The AUTHORIZATION_TOKEN value (draft-14 § Authorization Token) in its USE_VALUE form:
/// <c>Alias Type (i) = 0x3 | Token Type (i) | Token Value (..)</c>. Other alias types are reported as unsupported.
/// </summary>
public static class AuthorizationToken
{
    public const ulong AliasTypeDelete = 0x0;
    public const ulong AliasTypeRegister = 0x1;
    public const ulong AliasTypeUseAlias = 0x2;
    public const ulong AliasTypeUseValue = 0x3;

    public static byte[] CreateUseValue(ulong tokenType, ReadOnlySpan<byte> value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MoqtWriter(buffer);
        writer.WriteVarInt(AliasTypeUseValue);
        writer.WriteVarInt(tokenType);
        writer.WriteBytes(value);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Parses a USE_VALUE token; false for other alias types or malformed bytes.</summary>
    public static bool TryParseUseValue(ReadOnlySpan<byte> encoded, out ulong tokenType, out ReadOnlySpan<byte> value)
    {
        tokenType = 0;
        value = default;
        var reader = new MoqtReader(encoded);
        if (!reader.TryReadVarInt(out ulong alias) || alias != AliasTypeUseValue) return false;
        if (!reader.TryReadVarInt(out tokenType)) return false;
        value = encoded[reader.Consumed..];
        return true;
    }
}
