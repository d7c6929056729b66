using System.Text.Json;

namespace ClutchCall.Agents.Connectors.Chat;

/// <summary>What one chat-completions JSON object says.</summary>
internal readonly record struct ChatStreamEvent(string? Content, bool Finished, string? Error);

/// <summary>
/// Reads one chat-completions object: a stream chunk (<c>choices[0].delta.content</c>, <c>finish_reason</c>), a whole
/// non-streamed completion (<c>choices[0].message.content</c>, for servers that ignore <c>stream</c>) or an error object
/// (<c>{"error": {"message": ...}}</c>). Only the first choice is spoken. Never throws.
/// </summary>
internal static class ChatStreamParser
{
    public static bool TryParse(ReadOnlySpan<byte> json, out ChatStreamEvent parsed)
    {
        parsed = default;
        string? content = null;
        string? error = null;
        bool finished = false;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("choices"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartArray)
                    {
                        ReadChoices(ref reader, ref content, ref finished);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
                else if (reader.ValueTextEquals("error"u8))
                {
                    reader.Read();
                    error = ReadError(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                return false;
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return false;
        }

        parsed = new ChatStreamEvent(content, finished, error);
        return true;
    }

    // At StartArray; leaves the reader on its EndArray. Reads the first choice, skips the rest.
    private static void ReadChoices(ref Utf8JsonReader reader, ref string? content, ref bool finished)
    {
        bool first = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!first || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            first = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("delta"u8) || reader.ValueTextEquals("message"u8))
                {
                    reader.Read();
                    content = ReadContent(ref reader) ?? content;
                }
                else if (reader.ValueTextEquals("finish_reason"u8))
                {
                    reader.Read();
                    finished |= reader.TokenType == JsonTokenType.String;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
    }

    // At the value of "delta"/"message"; leaves the reader on its last token.
    private static string? ReadContent(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        string? content = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isContent = reader.ValueTextEquals("content"u8);
            reader.Read();
            if (isContent && reader.TokenType == JsonTokenType.String)
            {
                content = reader.GetString();
            }
            else
            {
                reader.Skip();
            }
        }

        return content;
    }

    private static string ReadError(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString() ?? "error";
        }

        string message = "error";
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return message;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isMessage = reader.ValueTextEquals("message"u8);
            reader.Read();
            if (isMessage && reader.TokenType == JsonTokenType.String)
            {
                message = reader.GetString() ?? message;
            }
            else
            {
                reader.Skip();
            }
        }

        return message;
    }
}
