using ClutchCall.Moqt.Coding;

namespace ClutchCall.Moqt.Messages;

/// <summary>
/// One key-value pair: an even type carries a varint, an odd type carries bytes (draft-14 § Key-Value-Pair).
/// Unknown types are kept as they came so they can be inspected or forwarded.
/// </summary>
public readonly record struct MoqtParameter(ulong Type, ulong Value, ReadOnlyMemory<byte> Bytes)
{
    public bool IsVarInt => (Type & 1) == 0;

    public static MoqtParameter FromVarInt(ulong type, ulong value)
    {
        if ((type & 1) != 0) throw new ArgumentException("Varint parameters have even types.", nameof(type));
        return new MoqtParameter(type, value, ReadOnlyMemory<byte>.Empty);
    }

    public static MoqtParameter FromBytes(ulong type, ReadOnlyMemory<byte> bytes)
    {
        if ((type & 1) == 0) throw new ArgumentException("Byte parameters have odd types.", nameof(type));
        return new MoqtParameter(type, 0, bytes);
    }

    public bool Equals(MoqtParameter other) =>
        Type == other.Type && Value == other.Value && Bytes.Span.SequenceEqual(other.Bytes.Span);

    public override int GetHashCode() => HashCode.Combine(Type, Value, Bytes.Length);
}

/// <summary>An ordered list of parameters with their wire codec.</summary>
public sealed class MoqtParameters : IEquatable<MoqtParameters>
{
    /// <summary>Largest value length of a byte parameter (draft-14: 2^16 - 1).</summary>
    public const int MaxValueLength = ushort.MaxValue;

    /// <summary>More parameters than this in one message is treated as abuse.</summary>
    public const int MaxCount = 64;

    private readonly List<MoqtParameter> _items;

    public MoqtParameters() => _items = [];

    public MoqtParameters(IEnumerable<MoqtParameter> items) => _items = [.. items];

    public static MoqtParameters Empty => new();

    public IReadOnlyList<MoqtParameter> Items => _items;

    public int Count => _items.Count;

    public MoqtParameters Add(MoqtParameter parameter)
    {
        _items.Add(parameter);
        return this;
    }

    public MoqtParameters AddVarInt(ulong type, ulong value) => Add(MoqtParameter.FromVarInt(type, value));

    public MoqtParameters AddBytes(ulong type, ReadOnlyMemory<byte> value) => Add(MoqtParameter.FromBytes(type, value));

    public bool TryGet(ulong type, out MoqtParameter parameter)
    {
        foreach (MoqtParameter p in _items)
        {
            if (p.Type == type)
            {
                parameter = p;
                return true;
            }
        }

        parameter = default;
        return false;
    }

    public ulong? GetVarInt(ulong type) => TryGet(type, out MoqtParameter p) ? p.Value : null;

    public ReadOnlyMemory<byte>? GetBytes(ulong type) => TryGet(type, out MoqtParameter p) ? p.Bytes : null;

    internal void Encode(ref MoqtWriter writer, MoqtVersion version)
    {
        writer.WriteVarInt((ulong)_items.Count);
        foreach (MoqtParameter p in _items) EncodeOne(ref writer, p, version);
    }

    internal static void EncodeOne(ref MoqtWriter writer, MoqtParameter p, MoqtVersion version)
    {
        writer.WriteVarInt(p.Type);
        if (!p.IsVarInt)
        {
            writer.WriteLengthPrefixed(p.Bytes.Span);
        }
        else if (version.EvenParametersAreVarInts)
        {
            writer.WriteVarInt(p.Value);
        }
        else
        {
            // moq-lite-js wraps every value in a length; an even value is the varint's own bytes.
            writer.WriteVarInt((ulong)VarInt.GetByteCount(p.Value));
            writer.WriteVarInt(p.Value);
        }
    }

    /// <summary>Reads <c>Count (i) | Count x Key-Value-Pair</c>.</summary>
    internal static bool TryDecode(ref MoqtReader reader, MoqtVersion version, out MoqtParameters parameters)
    {
        parameters = Empty;
        if (!reader.TryReadVarInt(out ulong count)) return false;
        if (count > MaxCount) return reader.Fail(MoqtErrorCode.ProtocolViolation, $"{count} parameters is too many");
        var list = new MoqtParameters();
        for (ulong i = 0; i < count; i++)
        {
            if (!TryDecodeOne(ref reader, version, out MoqtParameter p)) return false;
            list._items.Add(p);
        }

        parameters = list;
        return true;
    }

    internal static bool TryDecodeOne(ref MoqtReader reader, MoqtVersion version, out MoqtParameter parameter)
    {
        parameter = default;
        if (!reader.TryReadVarInt(out ulong type)) return false;
        bool even = (type & 1) == 0;
        if (even && version.EvenParametersAreVarInts)
        {
            if (!reader.TryReadVarInt(out ulong value)) return false;
            parameter = new MoqtParameter(type, value, ReadOnlyMemory<byte>.Empty);
            return true;
        }

        if (!reader.TryReadLengthPrefixed(MaxValueLength, out ReadOnlySpan<byte> bytes))
        {
            if (reader.HasFailed) reader.Fail(MoqtErrorCode.KeyValueFormattingError, "parameter value too long");
            return false;
        }

        if (!even)
        {
            parameter = new MoqtParameter(type, 0, bytes.ToArray());
            return true;
        }

        // Length-prefixed even value (moq-lite-js): the bytes hold one varint, or a single raw byte.
        if (VarInt.TryRead(bytes, out ulong inner, out int used) && used == bytes.Length)
        {
            parameter = new MoqtParameter(type, inner, ReadOnlyMemory<byte>.Empty);
            return true;
        }

        return reader.Fail(MoqtErrorCode.KeyValueFormattingError, $"parameter 0x{type:x} does not hold one varint");
    }

    public bool Equals(MoqtParameters? other) => other is not null && _items.SequenceEqual(other._items);

    public override bool Equals(object? obj) => Equals(obj as MoqtParameters);

    public override int GetHashCode() => _items.Count;

    public override string ToString() => "[" + string.Join(", ", _items.Select(p => p.IsVarInt ? $"0x{p.Type:x}={p.Value}" : $"0x{p.Type:x}=<{p.Bytes.Length} bytes>")) + "]";
}
