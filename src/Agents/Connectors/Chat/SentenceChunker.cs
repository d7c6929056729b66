using System.Text;

namespace ClutchCall.Agents.Connectors.Chat;

/// <summary>
/// Cuts streamed model text into sentences so speech can start after the first one instead of after the whole reply.
/// A sentence ends at <c>.</c>, <c>!</c>, <c>?</c> or <c>…</c> (closing quotes and brackets may follow) when whitespace
/// comes next, or at a line break. "3.5", "e.g." and "Dr. Smith" do not end one. Not thread-safe.
/// </summary>
internal sealed class SentenceChunker
{
    private static readonly string[] Abbreviations = ["mr", "mrs", "ms", "dr", "st", "jr", "sr", "vs", "etc", "no", "approx", "eg", "ie"];

    private readonly StringBuilder _pending = new();
    private int _scanned;

    public void Append(string text) => _pending.Append(text);

    /// <summary>Takes the next finished sentence, trimmed; false when none is complete yet.</summary>
    public bool TryTakeSentence(out string sentence)
    {
        for (int i = _scanned; i < _pending.Length; i++)
        {
            int end = SentenceEndAt(i);
            if (end < 0)
            {
                continue;
            }

            if (end == int.MaxValue)
            {
                _scanned = i; // the character after the punctuation has not arrived yet
                sentence = string.Empty;
                return false;
            }

            string candidate = _pending.ToString(0, end).Trim();
            _pending.Remove(0, end);
            _scanned = 0;
            if (candidate.Length == 0)
            {
                i = -1;
                continue;
            }

            sentence = candidate;
            return true;
        }

        _scanned = _pending.Length;
        sentence = string.Empty;
        return false;
    }

    /// <summary>Takes whatever is left (the last, unterminated sentence), trimmed.</summary>
    public string TakeRest()
    {
        string rest = _pending.ToString().Trim();
        _pending.Clear();
        _scanned = 0;
        return rest;
    }

    // The length of the sentence ending at index i, -1 when i ends none, int.MaxValue when we must wait for more text.
    private int SentenceEndAt(int i)
    {
        char c = _pending[i];
        if (c == '\n')
        {
            return i + 1;
        }

        if (c is not ('.' or '!' or '?' or '…'))
        {
            return -1;
        }

        int j = i + 1;
        while (j < _pending.Length && _pending[j] is '"' or '\'' or ')' or ']' or '”' or '’' or '.' or '!' or '?')
        {
            j++;
        }

        if (j == _pending.Length)
        {
            return int.MaxValue;
        }

        if (!char.IsWhiteSpace(_pending[j]))
        {
            return -1;
        }

        return c == '.' && IsAbbreviation(i) ? -1 : j;
    }

    // The word before the full stop at i: one letter ("U.S.", "e.g.") or a listed title or short form.
    private bool IsAbbreviation(int dot)
    {
        int start = dot;
        while (start > 0 && char.IsLetter(_pending[start - 1]))
        {
            start--;
        }

        int length = dot - start;
        if (length == 0)
        {
            return false;
        }

        if (length == 1)
        {
            return true;
        }

        string word = _pending.ToString(start, length).ToLowerInvariant();
        return Array.IndexOf(Abbreviations, word) >= 0;
    }
}
