namespace ClutchCall.Media.Pipeline;

/// <summary>Mono/stereo conversion of interleaved PCM.</summary>
public static class ChannelMixer
{
    /// <summary>Converts <paramref name="input"/> from <paramref name="fromChannels"/> to <paramref name="toChannels"/>; returns samples written.</summary>
    public static int Convert(ReadOnlySpan<short> input, int fromChannels, Span<short> output, int toChannels)
    {
        if (fromChannels == toChannels)
        {
            input.CopyTo(output);
            return input.Length;
        }

        if (fromChannels == 1 && toChannels == 2)
        {
            for (int i = 0; i < input.Length; i++)
            {
                output[2 * i] = input[i];
                output[(2 * i) + 1] = input[i];
            }

            return input.Length * 2;
        }

        if (fromChannels == 2 && toChannels == 1)
        {
            int frames = input.Length / 2;
            for (int i = 0; i < frames; i++)
            {
                // Average (not sum) so a full-scale stereo signal cannot clip when folded down.
                output[i] = (short)((input[2 * i] + input[(2 * i) + 1]) >> 1);
            }

            return frames;
        }

        throw new ArgumentOutOfRangeException(nameof(toChannels), $"cannot convert {fromChannels} to {toChannels} channels");
    }

    /// <summary>
    /// Interleaves two mono frames into one stereo frame, e.g. caller left and callee right in a two-channel
    /// recording so each side can be transcribed separately.
    /// </summary>
    public static int Interleave(ReadOnlySpan<short> left, ReadOnlySpan<short> right, Span<short> stereo)
    {
        if (left.Length != right.Length || stereo.Length < 2 * left.Length)
        {
            throw new ArgumentException($"need equal mono frames and room for both: {left.Length}, {right.Length} -> {stereo.Length}");
        }

        for (int i = 0; i < left.Length; i++)
        {
            stereo[2 * i] = left[i];
            stereo[(2 * i) + 1] = right[i];
        }

        return 2 * left.Length;
    }
}
