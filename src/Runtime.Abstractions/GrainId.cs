namespace ClutchCall.Runtime;

/// <summary>Names one grain in the cluster: its type (from <see cref="GrainTypeAttribute"/>) and its key.</summary>
public readonly record struct GrainId(string Type, string Key)
{
    public override string ToString() => $"{Type}/{Key}";

    /// <summary>Parses the "type/key" form; the key may itself contain slashes.</summary>
    public static GrainId Parse(string value)
    {
        var slash = value.IndexOf('/');
        if (slash <= 0 || slash == value.Length - 1)
        {
            throw new FormatException($"'{value}' is not a grain id of the form type/key.");
        }
        return new GrainId(value[..slash], value[(slash + 1)..]);
    }
}
