using ClutchCall.Grains.Interfaces;

namespace ClutchCall.Grains;

/// <summary>
/// The built-in stand-in for the PSTN. The last three digits of the dialled number choose the far end's behaviour:
/// 486 busy, 503 trunk failure, 408 rings forever (no answer), 7NN answers after NN seconds,
/// 9NN answers after one second and hangs up NN seconds later; anything else answers after one second.
/// The plan is a list of timed signals, stored with the call so it survives failover.
/// </summary>
public static class SimulatedTrunk
{
    public const string DefaultTrunkId = "trunk_sim";

    public static readonly TimeSpan RingingAfter = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan AnswerAfter = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan BusyAfter = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan FailAfter = TimeSpan.FromMilliseconds(200);

    public static IReadOnlyList<ScheduledSignal> Plan(string to, DateTimeOffset dialedAt)
    {
        var tail = to.Length >= 3 ? to[^3..] : "";
        var ringing = new ScheduledSignal(dialedAt + RingingAfter, TrunkSignal.Ringing);
        switch (tail)
        {
            case "486":
                return [new ScheduledSignal(dialedAt + BusyAfter, TrunkSignal.Busy)];
            case "503":
                return [new ScheduledSignal(dialedAt + FailAfter, TrunkSignal.Failed)];
            case "408":
                return [ringing];
        }
        if (tail.Length == 3 && char.IsAsciiDigit(tail[1]) && char.IsAsciiDigit(tail[2]))
        {
            var seconds = (tail[1] - '0') * 10 + (tail[2] - '0');
            if (tail[0] == '7')
            {
                var answerAt = dialedAt + TimeSpan.FromSeconds(Math.Max(seconds, 1));
                return [ringing, new ScheduledSignal(answerAt, TrunkSignal.Answered)];
            }
            if (tail[0] == '9')
            {
                var answerAt = dialedAt + AnswerAfter;
                var byeAt = answerAt + TimeSpan.FromSeconds(Math.Max(seconds, 1));
                return [ringing, new ScheduledSignal(answerAt, TrunkSignal.Answered), new ScheduledSignal(byeAt, TrunkSignal.RemoteHangup)];
            }
        }
        return [ringing, new ScheduledSignal(dialedAt + AnswerAfter, TrunkSignal.Answered)];
    }
}
