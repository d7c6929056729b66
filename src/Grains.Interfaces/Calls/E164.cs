namespace ClutchCall.Grains.Interfaces;

/// <summary>ITU-T E.164 numbers in their "+" form: a plus, a non-zero country-code digit, 8 to 15 digits in all.</summary>
public static class E164
{
    public const int MinDigits = 8;
    public const int MaxDigits = 15;

    public static bool IsValid(string? value)
    {
        if (value is null || value.Length < MinDigits + 1 || value.Length > MaxDigits + 1 || value[0] != '+' || value[1] == '0')
        {
            return false;
        }
        foreach (var c in value.AsSpan(1))
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        return true;
    }
}
