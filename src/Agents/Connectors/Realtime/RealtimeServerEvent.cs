using System.Text.Json;

namespace ClutchCall.Agents.Connectors.Realtime;

/// <summary>The server events the session acts on; everything else is <see cref="Other"/> and ignored.</summary>
internal enum RealtimeEventKind
{
    Other,
    AudioDelta,
    AgentTranscriptDelta,
    AgentTranscriptDone,
    CallerTranscriptDelta,
    CallerTranscriptDone,
    ResponseCreated,
    ResponseDone,
    Error,
}

/// <summary>
/// One server event, read in a single pass whatever the property order. The audio delta stays a slice of the receive
/// buffer (base64 UTF-8, decoded by the caller straight into PCM); only text fields become strings.
/// </summary>
internal ref struct RealtimeServerEvent
{
    public RealtimeEventKind Kind;
    public ReadOnlySpan<byte> Audio;

    /// <summary>The conversation item an audio delta belongs to (a slice of the message; empty when absent).</summary>
    public ReadOnlySpan<byte> ItemId;
    public string? Text;
    public string? ResponseStatus;
    public string? ErrorCode;
    public string? ErrorMessage;

    /// <summary>False when the message is not a JSON object with a string <c>type</c>. Never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> json, out RealtimeServerEvent parsed)
    {
        parsed = default;
        ReadOnlySpan<byte> type = default;
        bool hasType = false;
        ReadOnlySpan<byte> delta = default;
        bool deltaIsString = false;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return false;
                    }

                    type = Unescaped(ref reader);
                    hasType = true;
                }
                else if (reader.ValueTextEquals("delta"u8))
                {
                    reader.Read();
                    deltaIsString = reader.TokenType == JsonTokenType.String;
                    delta = deltaIsString ? Unescaped(ref reader) : default;
                    reader.Skip();
                }
                else if (reader.ValueTextEquals("item_id"u8))
                {
                    reader.Read();
                    parsed.ItemId = reader.TokenType == JsonTokenType.String ? Unescaped(ref reader) : default;
                    reader.Skip();
                }
                else if (reader.ValueTextEquals("transcript"u8))
                {
                    reader.Read();
                    parsed.Text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    reader.Skip();
                }
                else if (reader.ValueTextEquals("response"u8))
                {
                    reader.Read();
                    parsed.ResponseStatus = ReadNestedString(ref reader, "status"u8, out _);
                }
                else if (reader.ValueTextEquals("error"u8))
                {
                    reader.Read();
                    parsed.ErrorMessage = ReadNestedString(ref reader, "message"u8, out string? code);
                    parsed.ErrorCode = code;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read() || !hasType)
            {
                return false;
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return false;
        }

        parsed.Kind = Classify(type);
        if (parsed.Kind is RealtimeEventKind.AudioDelta)
        {
            parsed.Audio = delta;
            return deltaIsString;
        }

        if (parsed.Kind is RealtimeEventKind.AgentTranscriptDelta or RealtimeEventKind.CallerTranscriptDelta)
        {
            if (!deltaIsString)
            {
                return false;
            }

            parsed.Text = System.Text.Encoding.UTF8.GetString(delta);
        }

        return parsed.Kind is not (RealtimeEventKind.AgentTranscriptDone or RealtimeEventKind.CallerTranscriptDone) || parsed.Text is not null;
    }

    private static RealtimeEventKind Classify(ReadOnlySpan<byte> type) => type switch
    {
        _ when type.SequenceEqual("response.output_audio.delta"u8) || type.SequenceEqual("response.audio.delta"u8) => RealtimeEventKind.AudioDelta,
        _ when type.SequenceEqual("response.output_audio_transcript.delta"u8) || type.SequenceEqual("response.audio_transcript.delta"u8) => RealtimeEventKind.AgentTranscriptDelta,
        _ when type.SequenceEqual("response.output_audio_transcript.done"u8) || type.SequenceEqual("response.audio_transcript.done"u8) => RealtimeEventKind.AgentTranscriptDone,
        _ when type.SequenceEqual("conversation.item.input_audio_transcription.delta"u8) => RealtimeEventKind.CallerTranscriptDelta,
        _ when type.SequenceEqual("conversation.item.input_audio_transcription.completed"u8) => RealtimeEventKind.CallerTranscriptDone,
        _ when type.SequenceEqual("response.created"u8) => RealtimeEventKind.ResponseCreated,
        _ when type.SequenceEqual("response.done"u8) => RealtimeEventKind.ResponseDone,
        _ when type.SequenceEqual("error"u8) => RealtimeEventKind.Error,
        _ => RealtimeEventKind.Other,
    };

    // A string value without JSON escapes is a slice of the input; the rare escaped one is copied out.
    private static ReadOnlySpan<byte> Unescaped(scoped ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return reader.ValueSpan;
        }

        byte[] copy = new byte[reader.ValueSpan.Length];
        int length = reader.CopyString(copy);
        return copy.AsSpan(0, length);
    }

    // At the value of "response"/"error": the string property `name` of that object (and its "code", or "type" when it has
    // no code). Leaves the reader on the value's last token.
    private static string? ReadNestedString(ref Utf8JsonReader reader, ReadOnlySpan<byte> name, out string? code)
    {
        code = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        string? value = null;
        string? type = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isName = reader.ValueTextEquals(name);
            bool isCode = reader.ValueTextEquals("code"u8);
            bool isType = reader.ValueTextEquals("type"u8);
            reader.Read();
            if (reader.TokenType == JsonTokenType.String && (isName || isCode || isType))
            {
                string text = reader.GetString()!;
                if (isName)
                {
                    value = text;
                }
                else if (isCode)
                {
                    code = text;
                }
                else
                {
                    type = text;
                }
            }
            else
            {
                reader.Skip();
            }
        }

        code ??= type;
        return value;
    }
}
