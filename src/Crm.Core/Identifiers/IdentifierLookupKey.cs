using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Crm.Internal;

/// <summary>The keyed hash identifiers are stored and found by: HMAC-SHA256 of the kind, scope and normalised value.</summary>
internal sealed class IdentifierLookupKey(byte[] key)
{
    private readonly byte[] _key = [.. key];

    /// <summary>Gets the lookup key of a normalised identifier, as 64 lower-case hex digits.</summary>
    public string Of(CustomerIdentifier normalized)
    {
        // Kind and scope take part so that equal values of two kinds or two apps never share a key; the separator cannot
        // occur in a scope (no control characters).
        var input = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{(int)normalized.Kind}\u001f{normalized.Scope}\u001f{normalized.Value}"));
        return Convert.ToHexStringLower(HMACSHA256.HashData(_key, input));
    }
}
