using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using ClutchCall.Media;

namespace ClutchCall.Agents.Connectors.Realtime;

/// <summary>
/// What the session sends. <c>session.update</c> is written once with <see cref="Utf8JsonWriter"/>; the per-frame
/// <c>input_audio_buffer.append</c> is assembled by hand (fixed prefix, base64 straight into the buffer, fixed suffix)
/// into a reused buffer, so the 20 ms path allocates nothing.
/// </summary>
internal static class RealtimeClientMessages
{
    public static ReadOnlySpan<byte> Commit => """{"type":"input_audio_buffer.commit"}"""u8;

    public static ReadOnlySpan<byte> ResponseCreate => """{"type":"response.create"}"""u8;

    public static ReadOnlySpan<byte> Clear => """{"type":"input_audio_buffer.clear"}"""u8;

    public static ReadOnlySpan<byte> Cancel => """{"type":"response.cancel"}"""u8;

    private static ReadOnlySpan<byte> AppendPrefix => """{"type":"input_audio_buffer.append","audio":" """u8[..^1];

    private static ReadOnlySpan<byte> AppendSuffix => "\"}"u8;

    /// <summary>Writes an append message for <paramref name="audio"/> into <paramref name="buffer"/>, growing it when needed; returns its length.</summary>
    public static int WriteAppend(ReadOnlySpan<byte> audio, ref byte[] buffer)
    {
        int needed = AppendPrefix.Length + Base64.GetMaxEncodedToUtf8Length(audio.Length) + AppendSuffix.Length;
        if (buffer.Length < needed)
        {
            buffer = new byte[needed];
        }

        Span<byte> span = buffer;
        AppendPrefix.CopyTo(span);
        int at = AppendPrefix.Length;
        Base64.EncodeToUtf8(audio, span[at..], out _, out int written);
        at += written;
        AppendSuffix.CopyTo(span[at..]);
        return at + AppendSuffix.Length;
    }

    /// <summary>
    /// <c>conversation.item.truncate</c>: the caller heard only the first <paramref name="audioEndMs"/> of the item's audio,
    /// so the model forgets the rest of what it said.
    /// </summary>
    public static byte[] Truncate(string itemId, long audioEndMs)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type"u8, "conversation.item.truncate");
            json.WriteString("item_id"u8, itemId);
            json.WriteNumber("content_index"u8, 0);
            json.WriteNumber("audio_end_ms"u8, audioEndMs);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The session configuration: codec both ways, voice, instructions, caller transcription, and no server turn detection
    /// (the engine decides when a turn ends).</summary>
    public static byte[] SessionUpdate(RealtimeConnectorOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>(512 + (options.Instructions.Length * 2));
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type"u8, "session.update");
            json.WriteStartObject("session"u8);
            if (options.Dialect == RealtimeDialect.Beta)
            {
                WriteBetaSession(json, options);
            }
            else
            {
                WriteGaSession(json, options);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteBetaSession(Utf8JsonWriter json, RealtimeConnectorOptions options)
    {
        json.WriteStartArray("modalities"u8);
        json.WriteStringValue("audio"u8);
        json.WriteStringValue("text"u8);
        json.WriteEndArray();
        json.WriteString("instructions"u8, options.Instructions);
        json.WriteString("voice"u8, options.Voice);
        json.WriteString("input_audio_format"u8, RealtimeAudio.BetaFormat(options.Codec));
        json.WriteString("output_audio_format"u8, RealtimeAudio.BetaFormat(options.Codec));
        WriteTranscription(json, "input_audio_transcription"u8, options.InputTranscriptionModel);
        json.WriteNull("turn_detection"u8);
    }

    private static void WriteGaSession(Utf8JsonWriter json, RealtimeConnectorOptions options)
    {
        json.WriteString("type"u8, "realtime");
        json.WriteString("model"u8, options.Model);
        json.WriteStartArray("output_modalities"u8);
        json.WriteStringValue("audio"u8);
        json.WriteEndArray();
        json.WriteString("instructions"u8, options.Instructions);
        json.WriteStartObject("audio"u8);
        json.WriteStartObject("input"u8);
        WriteGaFormat(json, options.Codec);
        WriteTranscription(json, "transcription"u8, options.InputTranscriptionModel);
        json.WriteNull("turn_detection"u8);
        json.WriteEndObject();
        json.WriteStartObject("output"u8);
        WriteGaFormat(json, options.Codec);
        json.WriteString("voice"u8, options.Voice);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteGaFormat(Utf8JsonWriter json, AudioCodec codec)
    {
        json.WriteStartObject("format"u8);
        json.WriteString("type"u8, RealtimeAudio.GaFormat(codec));
        if (codec == AudioCodec.Pcm16)
        {
            json.WriteNumber("rate"u8, RealtimeAudio.SampleRate(codec));
        }

        json.WriteEndObject();
    }

    private static void WriteTranscription(Utf8JsonWriter json, ReadOnlySpan<byte> name, string? model)
    {
        if (model is null)
        {
            return;
        }

        json.WriteStartObject(name);
        json.WriteString("model"u8, model);
        json.WriteEndObject();
    }
}
