using System.Buffers;
using System.Text.Json;
using ClutchCall.Agents.Sessions;

namespace ClutchCall.Agents.Connectors.Chat;

/// <summary>The streaming chat request: system prompt, the history as user/assistant messages, then this turn.</summary>
internal static class ChatRequestBody
{
    public static ReadOnlyMemory<byte> Write(ChatCompletionsOptions options, TextTurn turn)
    {
        var buffer = new ArrayBufferWriter<byte>(512 + options.SystemPrompt.Length + (turn.Text.Length * 2));
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model"u8, options.Model);
            json.WriteBoolean("stream"u8, true);
            if (options.Temperature is { } temperature)
            {
                json.WriteNumber("temperature"u8, temperature);
            }

            if (options.MaxTokens is { } maxTokens)
            {
                json.WriteNumber("max_tokens"u8, maxTokens);
            }

            json.WriteStartArray("messages"u8);
            if (options.SystemPrompt.Length > 0)
            {
                WriteMessage(json, "system", options.SystemPrompt);
            }

            foreach (ConversationMessage message in turn.RecentHistory)
            {
                WriteMessage(json, message.Role == TranscriptRoles.Agent ? "assistant" : "user", message.Text);
            }

            WriteMessage(json, "user", turn.Text);
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }

    private static void WriteMessage(Utf8JsonWriter json, string role, string content)
    {
        json.WriteStartObject();
        json.WriteString("role"u8, role);
        json.WriteString("content"u8, content);
        json.WriteEndObject();
    }
}
