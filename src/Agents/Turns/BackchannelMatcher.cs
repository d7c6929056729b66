using System.Text;

namespace ClutchCall.Agents.Turns;

/// <summary>
/// Decides whether a transcript is nothing but continuers ("mhm", "okay, right"). Case, punctuation and repeated
/// phrases are ignored; an empty transcript is not a backchannel.
/// </summary>
public static class BackchannelMatcher
{
    public static bool IsBackchannel(string transcript, IReadOnlyList<string> phrases)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        ArgumentNullException.ThrowIfNull(phrases);
        string[] words = Words(transcript);
        if (words.Length == 0 || phrases.Count == 0)
        {
            return false;
        }

        // Greedy longest-phrase cover of the words, left to right.
        int position = 0;
        while (position < words.Length)
        {
            int best = 0;
            foreach (string phrase in phrases)
            {
                string[] phraseWords = Words(phrase);
                if (phraseWords.Length > best && Matches(words, position, phraseWords))
                {
                    best = phraseWords.Length;
                }
            }

            if (best == 0)
            {
                return false;
            }

            position += best;
        }

        return true;
    }

    private static bool Matches(string[] words, int position, string[] phrase)
    {
        if (phrase.Length == 0 || position + phrase.Length > words.Length)
        {
            return false;
        }

        for (int i = 0; i < phrase.Length; i++)
        {
            if (!string.Equals(words[position + i], phrase[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static string[] Words(string text)
    {
        var normalized = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            normalized.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : ' ');
        }

        return normalized.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }
}
