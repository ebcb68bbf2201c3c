// TillService: an ASP.NET Core minimal API a chain can start from. The till records purchases and refunds, prices a
// basket with the customer's coupons and reserves them, and shows the customer card, points and tier progress;
// segmentation and churn run on a schedule. SQLite by default, PostgreSQL by configuration (README.md).
//   dotnet run --project samples/TillService          then http://localhost:5080/openapi/v1.json
using System.Text.Json;
using System.Text.Json.Serialization;
using Crm;
using Crm.Samples.TillService;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddTillCrm(builder.Configuration, builder.Environment);

// Money as "32.00 CNY", instants in ISO-8601, enums as camelCase strings, customer ids as strings: the converters
// the library ships for its rule files (CrmJson), so requests and responses read like the rules do.
builder.Services.ConfigureHttpJsonOptions(o =>
{
    foreach (var converter in CrmJson.Options.Converters)
    {
        o.SerializerOptions.Converters.Add(converter);
    }

    o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;   // a misspelt field is an error, not ignored
    o.SerializerOptions.RespectNullableAnnotations = true;
    o.SerializerOptions.AllowTrailingCommas = true;
    o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
    o.SerializerOptions.ReadCommentHandling = JsonCommentHandling.Skip;
});

// A body the JSON reader refuses throws (instead of an empty 400), so CrmExceptionHandler answers it with a problem.
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<CrmExceptionHandler>();

builder.Services.AddOpenApi(o => o.AddSchemaTransformer<CrmOpenApiSchemas>());
builder.Services.AddHealthChecks().AddCheck<CrmStoreHealthCheck>("crm-store", tags: ["store"]);

builder.Services.AddSingleton<CrmScheduledJobs>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<CrmScheduledJobs>());

// Telemetry: every package publishes a meter and an activity source under its *Telemetry.Name (docs/observability.md).
// With OpenTelemetry.Extensions.Hosting and an exporter added to the project, a host listens like this:
//   builder.Services.AddOpenTelemetry()
//       .WithMetrics(m => m.AddMeter(CrmTelemetry.Name, PointsTelemetry.Name, MembershipTelemetry.Name, CouponsTelemetry.Name,
//                                    SegmentationTelemetry.Name, ChurnTelemetry.Name, FeedbackTelemetry.Name).AddOtlpExporter())
//       .WithTracing(t => t.AddSource(CrmTelemetry.Name, PointsTelemetry.Name, MembershipTelemetry.Name, CouponsTelemetry.Name,
//                                     SegmentationTelemetry.Name, ChurnTelemetry.Name, FeedbackTelemetry.Name,
//                                     Crm.Storage.Relational.RelationalTelemetry.Name)
//                          .AddAspNetCoreInstrumentation().AddOtlpExporter());
// A purchase then shows as crm.record_purchase under the HTTP request's span, with one crm.handler span per package
// and a crm.store span per database round trip (the read-ahead, a handler's read, the commit).

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();

// Explanations follow the request's language (Accept-Language): CrmOptions.Culture is left unset, so every text the
// library writes uses the current UI culture, which request localisation sets per request.
app.UseRequestLocalization(o => o.SetDefaultCulture("en").AddSupportedCultures("en", "zh-CN").AddSupportedUICultures("en", "zh-CN"));
app.MapOpenApi();
app.MapHealthChecks("/health");
app.MapTillEndpoints();

app.Run();

/// <summary>The entry point, public so the tests' WebApplicationFactory can start the service.</summary>
public partial class Program;
