using System.Text;

namespace ClutchCall.Agents.Local;

/// <summary>
/// Builds the JSGF grammar that constrains the recognizer to a step's expected answers. A small phrase grammar is what
/// makes pocketsphinx fast and reliable here: a bag-of-words loop over the same vocabulary misrecognises espeak-ng's
/// "book an appointment for monday", the phrase grammar gets it right.
/// </summary>
public static class JsgfGrammar
{
    /// <summary>Optional words a caller may put before an answer.</summary>
    public const string Lead = "okay | well | um";

    /// <summary>Optional words a caller may put after an answer.</summary>
    public const string Tail = "please | thanks | thank you";

    public static string ForStep(IvrStep step)
    {
        if (step.Grammar is not null)
        {
            return step.Grammar;
        }

        var alternatives = new List<string>();
        foreach (IvrChoice choice in step.Choices)
        {
            if (choice.Phrases.Count == 0)
            {
                alternatives.Add("(" + string.Join(" | ", choice.Keywords.Select(CheckWord)) + ")");
            }
            else
            {
                alternatives.AddRange(choice.Phrases.Select(CheckExpansion));
            }
        }

        var jsgf = new StringBuilder();
        jsgf.Append("#JSGF V1.0;\n");
        jsgf.Append("grammar ").Append(RuleName(step.Id)).Append(";\n");
        jsgf.Append("public <answer> = [<lead>] (").Append(string.Join(" | ", alternatives.Select(a => $"({a})"))).Append(") [<tail>];\n");
        jsgf.Append("<lead> = ").Append(Lead).Append(";\n");
        jsgf.Append("<tail> = ").Append(Tail).Append(";\n");
        return jsgf.ToString();
    }

    private static string CheckWord(string word)
    {
        string lower = word.ToLowerInvariant();
        return lower.Length > 0 && lower.All(c => c is (>= 'a' and <= 'z') or '\'')
            ? lower
            : throw new ArgumentException($"'{word}' cannot be a grammar word: use letters and apostrophes only");
    }

    /// <summary>Words plus JSGF's grouping (<c>( ) [ ] |</c>), with balanced brackets; anything else would let a script inject grammar syntax.</summary>
    private static string CheckExpansion(string phrase)
    {
        var open = new Stack<char>();
        var tokens = new StringBuilder();
        foreach (char c in phrase.ToLowerInvariant())
        {
            switch (c)
            {
                case '(' or '[':
                    open.Push(c);
                    break;
                case ')' or ']':
                    char expected = c == ')' ? '(' : '[';
                    if (open.Count == 0 || open.Pop() != expected)
                    {
                        throw new ArgumentException($"unbalanced '{c}' in grammar phrase \"{phrase}\"");
                    }

                    break;
                case '|' or ' ' or (>= 'a' and <= 'z') or '\'':
                    break;
                default:
                    throw new ArgumentException($"'{c}' is not allowed in grammar phrase \"{phrase}\": use words, ( ), [ ] and |");
            }

            tokens.Append(c);
        }

        return open.Count == 0 && phrase.Any(char.IsLetter)
            ? tokens.ToString().Trim()
            : throw new ArgumentException($"grammar phrase \"{phrase}\" is empty or has an unclosed bracket");
    }

    private static string RuleName(string id) =>
        "step_" + new string(id.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
}
