namespace ClutchCall.Grains.Agents;

/// <summary>Configuration section "Voice:Agents": where agent recordings go and how the model legs behave.</summary>
public sealed class AgentOptions
{
    public const string Section = "Voice:Agents";

    /// <summary>Recordings (<c>record: caller | both</c>) are written here as <c>{sid}-{start time}.wav</c>. Default: a temp folder.</summary>
    public string RecordDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "clutchcall-recordings");

    /// <summary>How long a webhook or chat reply may take before the caller hears the fallback. Default 10 s.</summary>
    public int ReplyTimeoutMs { get; set; } = 10_000;

    /// <summary>The espeak-ng voice for built-in speech (pre-roll, fallback, webhook and hosted replies).</summary>
    public string DefaultVoice { get; set; } = "en-us";
}
