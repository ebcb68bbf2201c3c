using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using NodaTime;

namespace Crm.Samples.TillService;

/// <summary>
/// Describes the library's value types as the JSON converters of <see cref="CrmJson"/> write them (strings), instead
/// of the objects the schema generator would infer from their properties.
/// </summary>
internal sealed class CrmOpenApiSchemas : IOpenApiSchemaTransformer
{
    private static readonly Dictionary<Type, (string? Format, string Description)> Strings = new()
    {
        [typeof(Money)] = (null, "An amount and its currency code, such as \"32.00 CNY\"."),
        [typeof(Currency)] = (null, "An ISO 4217 currency code, such as \"CNY\"."),
        [typeof(CustomerId)] = (null, "A customer id: 1 to 64 printable ASCII characters without spaces."),
        [typeof(Instant)] = ("date-time", "An instant in ISO-8601 UTC, such as \"2026-06-01T02:00:00Z\"."),
        [typeof(LocalDate)] = ("date", "A local date, such as \"1990-06-01\"."),
    };

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        if (Strings.TryGetValue(type, out var shape))
        {
            schema.Type = JsonSchemaType.String;
            schema.Format = shape.Format;
            schema.Description = shape.Description;
            schema.Properties?.Clear();
            schema.Required?.Clear();
        }
        else if (type == typeof(PointAmount))
        {
            schema.Type = JsonSchemaType.Integer;
            schema.Format = "int64";
            schema.Properties?.Clear();
            schema.Required?.Clear();
        }

        return Task.CompletedTask;
    }
}
