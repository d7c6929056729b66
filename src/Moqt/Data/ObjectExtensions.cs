using ClutchCall.Moqt.Coding;
using ClutchCall.Moqt.Messages;

namespace ClutchCall.Moqt.Data;

/// <summary>Object extension header types this library understands.</summary>
public static class ObjectExtensionType
{
    /// <summary>
    /// Capture timestamp in microseconds since the Unix epoch (even type: a varint), as the LOC draft
    /// (draft-ietf-moq-loc) defines it for media objects.
    /// </summary>
    public const ulong CaptureTimestamp = 0x02;
}

/// <summary>Encodes and parses the extension header block of an object (<c>Length (i) | Key-Value-Pairs</c>).</summary>
public static class ObjectExtensions
{
    /// <summary>Largest extension block accepted.</summary>
    public const int MaxLength = 4096;

    /// <summary>The extension bytes (without the length) carrying only a capture timestamp.</summary>
    public static int WriteCaptureTimestamp(Span<byte> destination, ulong micros)
    {
        VarInt.TryWrite(destination, ObjectExtensionType.CaptureTimestamp, out int a);
        VarInt.TryWrite(destination[a..], micros, out int b);
        return a + b;
    }

    /// <summary>Finds the capture timestamp in an extension block; unknown extensions are skipped.</summary>
    public static bool TryGetCaptureTimestamp(ReadOnlySpan<byte> extensions, out ulong micros)
    {
        micros = 0;
        var reader = new MoqtReader(extensions);
        while (!reader.IsEmpty)
        {
            if (!MoqtParameters.TryDecodeOne(ref reader, MoqtVersion.Draft14, out MoqtParameter p)) return false;
            if (p.Type == ObjectExtensionType.CaptureTimestamp)
            {
                micros = p.Value;
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the block is a well-formed sequence of key-value pairs.</summary>
    public static bool IsWellFormed(ReadOnlySpan<byte> extensions)
    {
        var reader = new MoqtReader(extensions);
        while (!reader.IsEmpty)
        {
            if (!MoqtParameters.TryDecodeOne(ref reader, MoqtVersion.Draft14, out _)) return false;
        }

        return true;
    }
}
