namespace ClutchCall.Agents.Local;

/// <summary>Settings of the <c>echo</c> built-in.</summary>
public sealed record EchoAgentOptions
{
    /// <summary>Rate of caller audio in and echoed audio out, in Hz. Default: 8000.</summary>
    public int SampleRate { get; init; } = 8000;

    /// <summary>Longest echo; caller audio of a turn beyond it is not kept. Default: 10 s.</summary>
    public TimeSpan MaxEcho { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Size of each <see cref="Sessions.AgentAudio"/> and the pacing step. Default: 20 ms.</summary>
    public TimeSpan Frame { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// True: frames are emitted in real time (one per <see cref="Frame"/>), so a cancel stops the echo mid-way. False:
    /// the whole echo is emitted at once on commit, followed by its done marker. Default: true.
    /// </summary>
    public bool Paced { get; init; } = true;
}
