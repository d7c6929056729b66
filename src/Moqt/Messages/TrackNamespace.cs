using ClutchCall.Moqt.Coding;

namespace ClutchCall.Moqt.Messages;

/// <summary>
/// A track namespace tuple, e.g. ("voice", "CA123"). Compared by value; "voice/CA123" is the path form
/// the moq JavaScript clients use.
/// </summary>
public sealed class TrackNamespace : IEquatable<TrackNamespace>
{
    /// <summary>draft-14: 1 to 32 fields.</summary>
    public const int MaxFields = 32;

    /// <summary>draft-14: namespace plus track name at most 4096 bytes.</summary>
    public const int MaxTotalBytes = 4096;

    private readonly string[] _fields;

    public TrackNamespace(params string[] fields)
    {
        if (fields.Length is 0 or > MaxFields) throw new ArgumentException($"A namespace has 1 to {MaxFields} fields.", nameof(fields));
        _fields = [.. fields];
    }

    public IReadOnlyList<string> Fields => _fields;

    /// <summary>Splits a path like "voice/CA123" into fields.</summary>
    public static TrackNamespace FromPath(string path) => new(path.Split('/'));

    public string ToPath() => string.Join('/', _fields);

    public bool StartsWith(TrackNamespace prefix)
    {
        if (prefix._fields.Length > _fields.Length) return false;
        for (int i = 0; i < prefix._fields.Length; i++)
        {
            if (!string.Equals(prefix._fields[i], _fields[i], StringComparison.Ordinal)) return false;
        }

        return true;
    }

    internal void Encode(ref MoqtWriter writer)
    {
        writer.WriteVarInt((ulong)_fields.Length);
        foreach (string field in _fields) writer.WriteString(field);
    }

    internal static bool TryDecode(ref MoqtReader reader, out TrackNamespace? ns)
    {
        ns = null;
        if (!reader.TryReadVarInt(out ulong count)) return false;
        if (count is 0 or > MaxFields) return reader.Fail(MoqtErrorCode.ProtocolViolation, $"namespace with {count} fields");
        var fields = new string[count];
        for (int i = 0; i < fields.Length; i++)
        {
            if (!reader.TryReadString(MaxTotalBytes, out fields[i])) return false;
        }

        ns = new TrackNamespace(fields);
        return true;
    }

    public bool Equals(TrackNamespace? other) =>
        other is not null && _fields.AsSpan().SequenceEqual(other._fields);

    public override bool Equals(object? obj) => Equals(obj as TrackNamespace);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (string f in _fields) hash.Add(f, StringComparer.Ordinal);
        return hash.ToHashCode();
    }

    public override string ToString() => "(" + string.Join(", ", _fields.Select(f => $"\"{f}\"")) + ")";
}
