using System.Buffers;
using System.Text.Json;
using ClutchCall.Agents.Sessions;

namespace ClutchCall.Agents.Connectors.Webhook;

/// <summary>
/// The <c>agent.message</c> delivery for one caller turn. Written with <see cref="Utf8JsonWriter"/> (no reflection), and
/// these exact bytes are what the signature covers.
/// </summary>
internal static class WebhookRequestBody
{
    public const string EventName = "agent.message";
    public const string Channel = "voice";

    public static ReadOnlyMemory<byte> Write(string deliveryId, string agentId, TextTurn turn)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + (turn.Text.Length * 2));
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id"u8, deliveryId);
            json.WriteString("event"u8, EventName);
            json.WriteString("channel"u8, Channel);
            json.WriteString("callSid"u8, turn.CallSid);
            json.WriteString("orgId"u8, turn.OrgId);
            json.WriteString("agentId"u8, agentId);
            json.WriteStartObject("message"u8);
            json.WriteString("text"u8, turn.Text);
            json.WriteEndObject();
            json.WriteStartArray("recentHistory"u8);
            foreach (ConversationMessage message in turn.RecentHistory)
            {
                json.WriteStartObject();
                json.WriteString("role"u8, message.Role);
                json.WriteString("text"u8, message.Text);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }
}
