using System.Text;

namespace Crm.Internal;

/// <summary>The one normal form of each kind of identifier (documented on <see cref="CustomerIdentifier"/>), checked before anything is hashed or stored.</summary>
internal static class IdentifierNormalizer
{
    private const int MinPhoneDigits = 8;
    private const int MaxPhoneDigits = 15;
    private const int MainlandMobileDigits = 11;

    public static CustomerIdentifier Normalize(CustomerIdentifier identifier)
    {
        Guard.NotNull(identifier);
        if (!Enum.IsDefined(identifier.Kind))
        {
            throw new CrmValidationException(CrmErrorCodes.IdentifierKindInvalid, nameof(CustomerIdentifier.Kind), $"{(int)identifier.Kind} is not a CustomerIdentifierKind.");
        }

        var scope = Scope(identifier);
        var value = identifier.Kind switch
        {
            CustomerIdentifierKind.Phone => Phone(identifier.Value),
            CustomerIdentifierKind.MemberCard => MemberCard(identifier.Value),
            _ => Plain(identifier.Kind, identifier.Value),
        };
        return identifier with { Scope = scope, Value = value };
    }

    private static string? Scope(CustomerIdentifier identifier)
    {
        var scope = string.IsNullOrWhiteSpace(identifier.Scope) ? null : identifier.Scope.Trim();
        switch (identifier.Kind)
        {
            case CustomerIdentifierKind.Phone or CustomerIdentifierKind.MemberCard when scope is not null:
                throw new CrmValidationException(CrmErrorCodes.IdentifierScopeNotAllowed, nameof(CustomerIdentifier.Scope), $"A {identifier.Kind} identifier has no scope: one value space serves the whole chain.");
            case CustomerIdentifierKind.WeChatOpenId or CustomerIdentifierKind.DeliveryPlatform when scope is null:
                throw new CrmValidationException(
                    CrmErrorCodes.IdentifierScopeMissing,
                    nameof(CustomerIdentifier.Scope),
                    $"A {identifier.Kind} identifier needs its scope ({(identifier.Kind == CustomerIdentifierKind.WeChatOpenId ? "the WeChat app id that issued the openid" : "the delivery platform")}).");
        }

        if (scope is not null && (scope.Length > CustomerIdentifier.MaxScopeLength || !HostKey.IsValid(scope) || scope.Any(char.IsWhiteSpace)))
        {
            throw new CrmValidationException(CrmErrorCodes.IdentifierScopeInvalid, nameof(CustomerIdentifier.Scope), $"A scope is 1 to {CustomerIdentifier.MaxScopeLength} characters without white space or control characters.");
        }

        return scope;
    }

    private static string Phone(string? value)
    {
        var digits = new StringBuilder(20);
        var plus = false;
        foreach (var raw in value ?? string.Empty)
        {
            // Full-width forms come from Chinese input methods: ＋８６ is +86.
            var c = raw is >= '\uFF10' and <= '\uFF19' ? (char)(raw - '\uFF10' + '0') : raw == '\uFF0B' ? '+' : raw;
            if (c is >= '0' and <= '9')
            {
                digits.Append(c);
            }
            else if (c == '+' && digits.Length == 0 && !plus)
            {
                plus = true;
            }
            else if (c is not (' ' or '-' or '(' or ')' or '\u3000'))
            {
                throw PhoneInvalid("only digits, one leading +, spaces, hyphens and parentheses");
            }
        }

        var number = digits.ToString();
        if (!plus && number.StartsWith("00", StringComparison.Ordinal))
        {
            // 00 is the international prefix dialled from China: 0086… is +86….
            (plus, number) = (true, number[2..]);
        }

        if (!plus)
        {
            return number.Length == MainlandMobileDigits && IsMobilePrefix(number, 0)
                ? "+86" + number
                : throw PhoneInvalid("a mainland mobile of 11 digits starting with 13 to 19, or a number with + and its country code");
        }

        if (number.Length is < MinPhoneDigits or > MaxPhoneDigits || number[0] == '0')
        {
            throw PhoneInvalid($"after + a country code and number of {MinPhoneDigits} to {MaxPhoneDigits} digits, not starting with 0");
        }

        // +86 10… is Beijing's landline; a mobile starts 13 to 19 and has 11 digits.
        if (number.StartsWith("86", StringComparison.Ordinal) && IsMobilePrefix(number, 2) && number.Length != 2 + MainlandMobileDigits)
        {
            throw PhoneInvalid("a +86 mobile has 11 digits after 86");
        }

        return "+" + number;
    }

    private static bool IsMobilePrefix(string number, int at) => number.Length > at + 1 && number[at] == '1' && number[at + 1] is >= '3' and <= '9';

    private static string MemberCard(string? value)
    {
        var card = new StringBuilder(value?.Length ?? 0);
        foreach (var c in value ?? string.Empty)
        {
            if (!char.IsWhiteSpace(c))
            {
                card.Append(c is >= 'a' and <= 'z' ? char.ToUpperInvariant(c) : c);
            }
        }

        return Checked(CustomerIdentifierKind.MemberCard, card.ToString(), CustomerIdentifier.MaxMemberCardLength);
    }

    private static string Plain(CustomerIdentifierKind kind, string? value) =>
        Checked(kind, value?.Trim() ?? string.Empty, CustomerIdentifier.MaxValueLength);

    private static string Checked(CustomerIdentifierKind kind, string value, int maxLength) =>
        value.Length <= maxLength && HostKey.IsValid(value) && !value.Any(char.IsWhiteSpace)
            ? value
            : throw new CrmValidationException(
                CrmErrorCodes.IdentifierValueInvalid,
                nameof(CustomerIdentifier.Value),
                $"A {kind} identifier is 1 to {maxLength} characters without white space inside or control characters.");

    // The message says what is allowed, never the number itself: it is personal data and messages reach logs.
    private static CrmValidationException PhoneInvalid(string allowed) =>
        new(CrmErrorCodes.IdentifierPhoneInvalid, nameof(CustomerIdentifier.Value), $"The phone number is not valid: {allowed} are accepted.");
}
