namespace Crm;

/// <summary>
/// The one rule for every id and key a host passes, other than a <see cref="CustomerId"/>: purchase, refund, line and
/// store ids, SKUs, categories, idempotency keys, coupon codes and rule ids.
/// </summary>
/// <remarks>
/// A key is 1 to <see cref="MaxLength"/> characters, not blank, without leading or trailing white space and without
/// control characters (NUL included) or unpaired surrogates. Every manager checks it before anything is written, so every adapter stores the
/// same keys: one that PostgreSQL would refuse (a NUL) is refused on SQLite and in memory too.
/// </remarks>
public static class HostKey
{
    /// <summary>The maximum length of a key.</summary>
    public const int MaxLength = 200;

    /// <summary>Determines whether a string may be used as an id or key.</summary>
    /// <param name="value">The candidate key.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> follows the rule.</returns>
    public static bool IsValid(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsControl(c))
            {
                return false;
            }

            // A lone surrogate is not text: it cannot be stored as UTF-8.
            if (char.IsSurrogate(c))
            {
                if (!char.IsSurrogatePair(value, i))
                {
                    return false;
                }

                i++;
            }
        }

        return true;
    }
}
