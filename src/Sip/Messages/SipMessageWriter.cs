using System.Buffers;
using System.Text;

namespace ClutchCall.Sip.Messages;

/// <summary>Serialises a message; Content-Length is always written from the actual body so it can never disagree.</summary>
public static class SipMessageWriter
{
    public static byte[] ToBytes(SipMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>(512 + message.Body.Length);
        Write(message, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    public static void Write(SipMessage message, IBufferWriter<byte> output)
    {
        var sb = new StringBuilder(512);
        switch (message)
        {
            case SipRequest r:
                sb.Append(r.Method).Append(' ').Append(r.RequestUri).Append(" SIP/2.0\r\n");
                break;
            case SipResponse r:
                sb.Append("SIP/2.0 ").Append(r.StatusCode).Append(' ')
                  .Append(string.IsNullOrEmpty(r.ReasonPhrase) ? SipStatus.ReasonPhrase(r.StatusCode) : r.ReasonPhrase).Append("\r\n");
                break;
        }
        foreach (var h in message.Headers)
        {
            if (h.Name == SipHeaderNames.ContentLength) continue;
            sb.Append(h.Name).Append(": ").Append(h.Value).Append("\r\n");
        }
        sb.Append(SipHeaderNames.ContentLength).Append(": ").Append(message.Body.Length).Append("\r\n\r\n");
        var count = Encoding.UTF8.GetByteCount(sb.ToString());
        var span = output.GetSpan(count + message.Body.Length);
        Encoding.UTF8.GetBytes(sb.ToString(), span);
        message.Body.CopyTo(span[count..]);
        output.Advance(count + message.Body.Length);
    }

    public static string ToText(SipMessage message) => Encoding.UTF8.GetString(ToBytes(message));
}
