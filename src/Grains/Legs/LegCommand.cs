namespace ClutchCall.Grains.Call;

/// <summary>What the call tells its telephone leg (the SIP edge), as a control frame on the leg channel.</summary>
public enum LegAction
{
    /// <summary>BYE on the answered dialog.</summary>
    Hangup,

    /// <summary>CANCEL our INVITE that still rings (ring timeout, or hangup before answer).</summary>
    Cancel,

    /// <summary>A final refusal of an inbound INVITE that still rings.</summary>
    Reject,

    /// <summary>200 OK to the inbound INVITE.</summary>
    Answer,

    /// <summary>Move the caller to Argument (an E.164 number): REFER, or dial and bridge when the trunk refuses REFER.</summary>
    Refer,

    /// <summary>Send Argument as RFC 4733 telephone-events.</summary>
    SendDigits,

    /// <summary>
    /// Dial the original callee of an inbound call on the same trunk as a second leg, <c>leg:callee</c>. Argument is
    /// <c>{number};ring={seconds}</c> (<see cref="LegCommands.ConnectArgument"/>).
    /// </summary>
    Connect,
}

/// <summary>An effect the grain executes by sending a control frame to the leg, after the state is committed.</summary>
public sealed record LegCommand(LegAction Action, string? Argument = null) : CallEffect;

public static class LegCommands
{
    public static string ConnectArgument(string number, int ringSeconds) =>
        number + ";ring=" + ringSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
