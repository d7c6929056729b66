using ClutchCall.Grains.Interfaces;

namespace ClutchCall.Grains.Call;

/// <summary>What the grain must do after the state machine decided: events to commit, reminders to set or clear.</summary>
public abstract record CallEffect;

/// <summary>Append an event (payload serialized as JSON) to the call stream and the org stream.</summary>
public sealed record EmitEvent(string Type, object Payload) : CallEffect;

public sealed record SetReminder(string Name, DateTimeOffset At) : CallEffect;

public sealed record ClearReminder(string Name) : CallEffect;

/// <summary>The call was created: add it to the org's call index.</summary>
public sealed record IndexCall(string OrgId, string Sid, DateTimeOffset StartedAt) : CallEffect;

/// <summary>The call reached a terminal status: the activation may go.</summary>
public sealed record CallFinished : CallEffect;

/// <summary>The outcome of one command: the new state and its effects, or a refusal (state unchanged, no effects).</summary>
public sealed record CallDecision(CallState State, IReadOnlyList<CallEffect> Effects, CallError? Error)
{
    public static CallDecision Refuse(CallState state, CallErrorKind kind, string detail, string? field = null) =>
        new(state, [], new CallError(kind, detail, field));

    /// <summary>Accepted without any change (idempotent repeats).</summary>
    public static CallDecision Unchanged(CallState state) => new(state, [], null);

    public bool Changed(CallState before) => Error is null && (Effects.Count > 0 || !ReferenceEquals(before, State));
}

/// <summary>Reminder names the call grain uses.</summary>
public static class CallReminders
{
    public const string Trunk = "trunk";
    public const string RingTimeout = "ring-timeout";
}
