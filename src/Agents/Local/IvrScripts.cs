namespace ClutchCall.Agents.Local;

/// <summary>Built-in scripts.</summary>
public static class IvrScripts
{
    private static readonly string[] Days = ["monday", "tuesday", "wednesday", "thursday", "friday"];
    private static readonly string AnyDay = "(" + string.Join(" | ", Days) + ")";

    /// <summary>Book a weekday appointment: greeting, ask the day, confirm, goodbye.</summary>
    public static IvrScript Appointment { get; } = new(
        "appointment",
        Greeting: "Hello, this is the appointment line. Would you like to book an appointment?",
        StartStep: "start",
        Steps:
        [
            new IvrStep(
                "start",
                [
                    new IvrChoice(Days, "Okay, {day}. Is that right?", "confirm")
                    {
                        Capture = "day",
                        Phrases = [$"[yes] [i would like to] [book] [an] appointment for {AnyDay}", $"[on] {AnyDay}"],
                    },
                    new IvrChoice(["book", "appointment", "yes"], "Sure. Which day would you like?", "day")
                    {
                        Phrases = ["[yes] [i would like to] book an appointment", "yes [please]"],
                    },
                    new IvrChoice(["no"], "Okay. Thank you for calling. Goodbye.", null) { Phrases = ["no [thank you]"] },
                ],
                Reprompt: "Sorry, I didn't catch that. Would you like to book an appointment?"),
            new IvrStep(
                "day",
                [
                    new IvrChoice(Days, "Okay, {day}. Is that right?", "confirm")
                    {
                        Capture = "day",
                        Phrases = [$"[on] {AnyDay} [please]", $"[i would like] {AnyDay}"],
                    },
                ],
                Reprompt: "Sorry, which day? Any day from Monday to Friday."),
            new IvrStep(
                "confirm",
                [
                    // "no" first: "no that's not right" must not match "right".
                    new IvrChoice(["no", "wrong", "not"], "No problem. Which day would you like instead?", "day")
                    {
                        Phrases = ["no [that is not right]", "that is wrong"],
                    },
                    new IvrChoice(["yes", "right", "correct"], "Great. You are booked for {day}. Goodbye.", null)
                    {
                        Phrases = ["yes [that is (right | correct)] [thank you]", "that is (right | correct)", "correct"],
                    },
                ],
                Reprompt: "Please say yes or no. Is {day} right?"),
        ]);
}
