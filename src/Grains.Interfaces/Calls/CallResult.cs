using System.Text.Json.Serialization;

namespace ClutchCall.Grains.Interfaces;

[JsonConverter(typeof(JsonStringEnumConverter<CallErrorKind>))]
public enum CallErrorKind
{
    /// <summary>No such call in this org (HTTP 404).</summary>
    [JsonStringEnumMemberName("not_found")] NotFound,

    /// <summary>The command does not fit the call's state (HTTP 409).</summary>
    [JsonStringEnumMemberName("conflict")] Conflict,

    /// <summary>A field is wrong, e.g. an unknown trunk or agent (HTTP 422); Field names it.</summary>
    [JsonStringEnumMemberName("invalid")] Invalid,
}

/// <summary>A domain error: why a command was refused.</summary>
public sealed record CallError(CallErrorKind Kind, string Detail, string? Field = null);

/// <summary>Either the call after the command, or why it was refused. Domain errors are results, not exceptions.</summary>
public sealed record CallResult(CallView? Call, CallError? Error)
{
    public static CallResult Ok(CallView call) => new(call, null);

    public static CallResult Fail(CallErrorKind kind, string detail, string? field = null) => new(null, new CallError(kind, detail, field));

    [JsonIgnore]
    public bool IsOk => Error is null;

    /// <summary>True when this command created the call (an originate or ring-in that was not an idempotent replay).</summary>
    public bool Created { get; init; }
}
