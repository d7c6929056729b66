namespace ClutchCall.Moqt.Hosting;

/// <summary>How the server drains its MoQT sessions when the host stops.</summary>
public sealed class MoqtDrainOptions
{
    /// <summary>Sent in GOAWAY; empty (the default) tells peers to reconnect to the same URI.</summary>
    public string NewSessionUri { get; set; } = string.Empty;

    /// <summary>How long peers have to move before their sessions are closed with GOAWAY_TIMEOUT. 5 seconds by default.</summary>
    public TimeSpan Grace { get; set; } = TimeSpan.FromSeconds(5);
}
