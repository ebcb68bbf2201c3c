using System.Text.Json;
using System.Text.Json.Serialization;
using Crm.Internal;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;

namespace Crm;

/// <summary>
/// JSON for rules as data: the serializer settings every Crm package uses for its rule files, and loading that
/// turns a malformed file into a <see cref="CrmValidationException"/> naming the JSON path.
/// </summary>
/// <remarks>
/// <para>Settings: camelCase names, enums as camelCase strings, comments and trailing commas allowed, unknown
/// properties rejected (a misspelt setting fails at load instead of being silently ignored), NodaTime types in
/// their ISO forms with time zones from TZDB, <see cref="Money"/> as <c>"30.00 CNY"</c>, <see cref="Currency"/> as
/// its code, <see cref="CustomerId"/> as a string and <see cref="PointAmount"/> as a number.</para>
/// <para>Polymorphic rules use <c>[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]</c>.</para>
/// </remarks>
public static class CrmJson
{
    private static readonly JsonSerializerOptions Shared = CreateOptions();

    /// <summary>Gets shared, read-only settings (see the remarks of <see cref="CrmJson"/>).</summary>
    public static JsonSerializerOptions Options => Shared;

    /// <summary>Creates a new, modifiable copy of the settings, for a host that wants to add its own converters.</summary>
    /// <returns>New settings.</returns>
    public static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            AllowTrailingCommas = true,
            ReadCommentHandling = JsonCommentHandling.Skip,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.Converters.Add(new MoneyJsonConverter());
        options.Converters.Add(new CurrencyJsonConverter());
        options.Converters.Add(new CustomerIdJsonConverter());
        options.Converters.Add(new PointAmountJsonConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Reads a rule document.</summary>
    /// <typeparam name="T">The document type.</typeparam>
    /// <param name="json">The JSON text.</param>
    /// <param name="options">Settings; <see cref="Options"/> when <see langword="null"/>.</param>
    /// <returns>The document.</returns>
    /// <exception cref="CrmValidationException">The JSON is malformed or does not fit <typeparamref name="T"/> (<see cref="CrmErrorCodes.RulesInvalid"/>); <see cref="CrmValidationException.Field"/> holds the JSON path.</exception>
    public static T Deserialize<T>(string json, JsonSerializerOptions? options = null)
    {
        Guard.NotNull(json);
        try
        {
            return JsonSerializer.Deserialize<T>(json, options ?? Shared)
                ?? throw new CrmValidationException(CrmErrorCodes.RulesInvalid, "$", "The rule document is empty (null).");
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1}, position {e.BytePositionInLine + 1})" : string.Empty;
            throw new CrmValidationException(CrmErrorCodes.RulesInvalid, e.Path ?? "$", $"Invalid rule document at {e.Path ?? "$"}{where}: {e.Message}");
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or NodaTime.Text.UnparsableValueException or CrmValidationException { Field: null })
        {
            throw new CrmValidationException(CrmErrorCodes.RulesInvalid, "$", $"Invalid rule document: {e.Message}");
        }
    }

    /// <summary>Writes a rule document with the Crm settings.</summary>
    /// <typeparam name="T">The document type.</typeparam>
    /// <param name="value">The document.</param>
    /// <param name="options">Settings; <see cref="Options"/> when <see langword="null"/>.</param>
    /// <returns>Indented JSON.</returns>
    public static string Serialize<T>(T value, JsonSerializerOptions? options = null) => JsonSerializer.Serialize(value, options ?? Shared);

    private sealed class MoneyJsonConverter : JsonConverter<Money>
    {
        public override Money Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new JsonException("Money is written as a string such as \"30.00 CNY\".");
            var space = text.LastIndexOf(' ');
            if (space <= 0
                || !decimal.TryParse(text.AsSpan(0, space), System.Globalization.NumberStyles.AllowLeadingSign | System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var amount)
                || !Currency.TryFromCode(text[(space + 1)..], out var currency))
            {
                throw new JsonException($"'{text}' is not money; write an amount and a currency code, such as \"30.00 CNY\".");
            }

            return new Money(amount, currency);
        }

        public override void Write(Utf8JsonWriter writer, Money value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
    }

    private sealed class CurrencyJsonConverter : JsonConverter<Currency>
    {
        public override Currency Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Currency.TryFromCode(reader.GetString(), out var currency) ? currency : throw new JsonException($"'{reader.GetString()}' is not a known currency code.");

        public override void Write(Utf8JsonWriter writer, Currency value, JsonSerializerOptions options) => writer.WriteStringValue(value.Code);
    }

    private sealed class CustomerIdJsonConverter : JsonConverter<CustomerId>
    {
        public override CustomerId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.GetString();
            return CustomerId.IsValid(text) ? new CustomerId(text!) : throw new JsonException($"'{text}' is not a valid customer id.");
        }

        public override void Write(Utf8JsonWriter writer, CustomerId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
    }

    private sealed class PointAmountJsonConverter : JsonConverter<PointAmount>
    {
        public override PointAmount Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetInt64());

        public override void Write(Utf8JsonWriter writer, PointAmount value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Value);
    }
}
