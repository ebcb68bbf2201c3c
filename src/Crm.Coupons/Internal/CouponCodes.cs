using System.Security.Cryptography;

namespace Crm.Coupons.Internal;

/// <summary>
/// Unique coupon codes: 14 characters from a cryptographic random source in an unambiguous 32-character alphabet
/// (no 0/O, 1/I), then one Luhn mod 32 check character.
/// </summary>
/// <remarks>
/// 14 characters of 5 bits each are 70 random bits. By the birthday bound, the chance of any collision among
/// n codes is at most n² / 2^71: for 10,000,000 codes, 1e14 / 2.36e21 ≈ 4.2e-8. The store's unique key on the
/// code catches that remote case. The check character catches every single mistyped character and most swaps of
/// two neighbours before a store round trip.
/// </remarks>
internal static class CouponCodes
{
    public const string Alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    public const int RandomLength = 14;
    public const int Length = RandomLength + 1;
    private const int N = 32;

    public static string Generate()
    {
        Span<byte> random = stackalloc byte[RandomLength];
        RandomNumberGenerator.Fill(random);
        Span<char> code = stackalloc char[Length];
        for (var i = 0; i < RandomLength; i++)
        {
            // 256 is a multiple of 32, so the low five bits are uniform: no modulo bias.
            code[i] = Alphabet[random[i] & (N - 1)];
        }

        code[RandomLength] = CheckCharacter(code[..RandomLength]);
        return new string(code);
    }

    /// <summary>Computes the Luhn mod 32 check character of a payload in the alphabet.</summary>
    public static char CheckCharacter(ReadOnlySpan<char> payload)
    {
        var factor = 2;
        var sum = 0;
        for (var i = payload.Length - 1; i >= 0; i--)
        {
            var addend = factor * Alphabet.IndexOf(payload[i], StringComparison.Ordinal);
            factor = factor == 2 ? 1 : 2;
            sum += (addend / N) + (addend % N);
        }

        return Alphabet[(N - (sum % N)) % N];
    }

    /// <summary>Determines whether a (normalised) code has the right length, alphabet and check character.</summary>
    public static bool IsValid(string code)
    {
        if (code.Length != Length)
        {
            return false;
        }

        foreach (var c in code)
        {
            if (!Alphabet.Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return CheckCharacter(code.AsSpan(0, RandomLength)) == code[RandomLength];
    }

    /// <summary>Upper-cases a typed code and drops spaces and dashes.</summary>
    public static string Normalize(string code)
    {
        Span<char> buffer = code.Length <= 128 ? stackalloc char[code.Length] : new char[code.Length];
        var n = 0;
        foreach (var c in code)
        {
            if (c is not (' ' or '-'))
            {
                buffer[n++] = char.ToUpperInvariant(c);
            }
        }

        return new string(buffer[..n]);
    }

    public static bool IsWellFormedPromoCode(string code)
    {
        var normalized = Normalize(code);
        return normalized.Length is >= 3 and <= 32 && normalized.All(char.IsAsciiLetterOrDigit);
    }
}
