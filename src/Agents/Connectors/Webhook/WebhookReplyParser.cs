using System.Text.Json;

namespace ClutchCall.Agents.Connectors.Webhook;

/// <summary>
/// One reply object, <c>{"text": "...", "interim": true}</c>: a whole <c>application/json</c> reply or one NDJSON line.
/// Other fields are ignored (room for actions later). Anything else (not one object, <c>text</c> not a string,
/// <c>interim</c> not a boolean, trailing bytes) is malformed. Never throws.
/// </summary>
internal static class WebhookReplyParser
{
    public static bool TryParse(ReadOnlySpan<byte> json, out string text, out bool interim, out string error)
    {
        text = string.Empty;
        interim = false;
        error = string.Empty;
        string? found = null;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = "a reply must be one JSON object";
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("text"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        error = "\"text\" must be a string";
                        return false;
                    }

                    found = reader.GetString();
                }
                else if (reader.ValueTextEquals("interim"u8))
                {
                    reader.Read();
                    if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null))
                    {
                        error = "\"interim\" must be a boolean";
                        return false;
                    }

                    interim = reader.TokenType == JsonTokenType.True;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                error = "trailing data after the reply object";
                return false;
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            error = ex.Message;
            return false;
        }

        if (found is null)
        {
            error = "the reply has no \"text\"";
            return false;
        }

        text = found;
        return true;
    }
}
