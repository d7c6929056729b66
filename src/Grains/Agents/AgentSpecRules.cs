using ClutchCall.Grains.Interfaces;

namespace ClutchCall.Grains.Agents;

/// <summary>Checks an agent spec; the error names the offending field under <c>field</c>.</summary>
public static class AgentSpecRules
{
    public static CallError? Check(AgentSpec spec, string field)
    {
        if (string.IsNullOrWhiteSpace(spec.Model))
        {
            return Invalid($"{field}.model", "An agent spec needs a model.");
        }
        if (spec.Codec is not null && !AgentCodecs.All.Contains(spec.Codec))
        {
            return Invalid($"{field}.codec", $"codec must be one of {string.Join(", ", AgentCodecs.All)}.");
        }
        if (spec.SampleRate is { } rate && rate is not (8000 or 16000 or 24000 or 48000))
        {
            return Invalid($"{field}.sampleRate", "sampleRate must be 8000, 16000, 24000 or 48000.");
        }
        if (spec.VoiceMode is { } mode && !AgentVoiceModes.All.Contains(mode))
        {
            return Invalid($"{field}.voiceMode", $"voiceMode must be one of {string.Join(", ", AgentVoiceModes.All)}.");
        }
        var effective = spec.EffectiveVoiceMode;
        if (effective == AgentVoiceModes.Local && !AgentVoiceModes.LocalModels.Contains(spec.Model))
        {
            return Invalid($"{field}.model", $"The local voice mode runs the built-in agents {string.Join(", ", AgentVoiceModes.LocalModels)}.");
        }
        if (effective is AgentVoiceModes.Realtime or AgentVoiceModes.Webhook or AgentVoiceModes.Hosted && !IsHttpUrl(spec.Url, effective == AgentVoiceModes.Realtime))
        {
            return Invalid($"{field}.url", effective == AgentVoiceModes.Realtime
                ? "The realtime voice mode needs url, the model's ws:// or wss:// endpoint."
                : $"The {effective} voice mode needs url, an http:// or https:// endpoint.");
        }
        if (effective == AgentVoiceModes.Webhook && string.IsNullOrEmpty(spec.WebhookSecret))
        {
            return Invalid($"{field}.webhookSecret", "The webhook voice mode needs webhookSecret: every delivery is signed with it.");
        }
        if (spec.Record is { } record && !AgentVoiceModes.RecordModes.Contains(record))
        {
            return Invalid($"{field}.record", "record must be caller or both.");
        }
        if (spec.PreRoll is { Length: > 2000 } || spec.Fallback is { Length: > 2000 })
        {
            return Invalid($"{field}.preRoll", "preRoll and fallback are at most 2000 characters.");
        }
        return spec.TurnDetection is { } t ? CheckTurns(t, $"{field}.turnDetection") : null;
    }

    private static CallError? CheckTurns(TurnDetection t, string field)
    {
        if (t.SilenceMs is < 20 or > 10_000)
        {
            return Invalid($"{field}.silenceMs", "silenceMs must be within 20..10000.");
        }
        if (t.MinSpeechMs is < 0 or > 5_000 || t.BargeInMs is < 0 or > 5_000)
        {
            return Invalid(field, "minSpeechMs and bargeInMs must be within 0..5000.");
        }
        if (t.MicGuardMs is < 0 or > 10_000)
        {
            return Invalid($"{field}.micGuardMs", "micGuardMs must be within 0..10000.");
        }
        if (t.BargeIn is { } mode && !AgentVoiceModes.BargeInModes.Contains(mode))
        {
            return Invalid($"{field}.bargeIn", "bargeIn must be hold, instant or off.");
        }
        if (t.VadThresholdDb is < 0 or > 60)
        {
            return Invalid($"{field}.vadThresholdDb", "vadThresholdDb must be within 0..60.");
        }
        if (t.Backchannels is { } phrases && (phrases.Count > 100 || phrases.Any(p => string.IsNullOrWhiteSpace(p) || p.Length > 64)))
        {
            return Invalid($"{field}.backchannels", "backchannels holds at most 100 non-empty phrases of up to 64 characters.");
        }
        return null;
    }

    private static bool IsHttpUrl(string? url, bool websocket) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) &&
        (websocket ? uri.Scheme is "ws" or "wss" : uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static CallError Invalid(string field, string detail) => new(CallErrorKind.Invalid, detail, field);
}
