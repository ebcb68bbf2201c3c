using Crm.Churn;
using Crm.Coupons;
using Crm.Feedback;
using Crm.Membership;
using Crm.Points;
using Crm.Segmentation;
using NodaTime;

namespace Crm.Samples.TillService;

/// <summary>Adds the CRM the till service runs on: settings and storage from configuration, rules from the JSON files.</summary>
internal static class TillCrmRegistration
{
    public static ICrmBuilder AddTillCrm(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var settings = configuration.GetSection(TillSettings.Section).Get<TillSettings>() ?? new TillSettings();
        var currency = Currency.TryFromCode(settings.Currency, out var known)
            ? known
            : throw new InvalidOperationException($"Crm:Currency '{settings.Currency}' is not a currency the library knows (CNY, HKD, USD, EUR, JPY, ...).");
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(settings.TimeZone)
            ?? throw new InvalidOperationException($"Crm:TimeZone '{settings.TimeZone}' is not a TZDB time zone id (such as Asia/Shanghai).");
        if (settings.Schedule.Interval <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"Crm:Schedule:Interval must be positive, such as 06:00:00; got {settings.Schedule.Interval}.");
        }

        var rules = Path.Combine(environment.ContentRootPath, settings.RulesDirectory);
        if (!Directory.Exists(rules))
        {
            // A published service started from another folder: the rule files are copied next to the binary.
            rules = Path.Combine(AppContext.BaseDirectory, settings.RulesDirectory);
        }

        services.AddSingleton(settings);

        // No IClock here: AddCrm registers the system clock unless the host (or a test) registered one.
        var crm = services
            .AddCrm(o =>
            {
                o.Currency = currency;
                o.TimeZone = zone;
            })
            .AddMembership(o => o.Policy = TierPolicy.FromJson(Read(rules, "tier-policy.json")))
            .AddPoints(o => o.Rules = EarnRules.FromJson(Read(rules, "earn-rules.json")))
            .AddCoupons(o =>
            {
                foreach (var template in CouponTemplate.ListFromJson(Read(rules, "coupon-templates.json")))
                {
                    o.Templates.Add(template);
                }
            })
            .AddSegmentation(o => o.Policy = SegmentationPolicy.FromJson(Read(rules, "segmentation-policy.json")))
            .AddChurn(o =>
            {
                o.Policy = ChurnPolicy.FromJson(Read(rules, "churn-policy.json"));

                // The policy gives the fitted model no weight, so fitting it on every run would be work for nothing.
                o.RefitModelOnRun = o.Policy.Model.Weight > 0;
            });
        if (settings.Feedback)
        {
            crm.AddFeedback();
        }

        return settings.Storage switch
        {
            TillStorage.Sqlite => crm.UseSqliteStorage(o => o.ConnectionString = $"Data Source={Path.Combine(environment.ContentRootPath, settings.SqlitePath)}"),
            TillStorage.Postgres => crm.UsePostgresStorage(o => o.ConnectionString = configuration.GetConnectionString("Crm") is { Length: > 0 } connection
                ? connection
                : throw new InvalidOperationException("Crm:Storage is Postgres but ConnectionStrings:Crm is not set (for example ConnectionStrings__Crm=\"Host=...;Database=crm;Username=...;Password=...\").")),
            TillStorage.InMemory => crm.UseInMemoryStorage(),
            _ => throw new InvalidOperationException($"Crm:Storage '{settings.Storage}' is not Sqlite, Postgres or InMemory."),
        };
    }

    // Read when the options are first needed (ValidateOnStart: at host start), so a broken rule file stops the host
    // with the file name and the JSON path of the fault.
    private static string Read(string directory, string file)
    {
        var path = Path.Combine(directory, file);
        return File.Exists(path)
            ? File.ReadAllText(path)
            : throw new InvalidOperationException($"The rule file {path} does not exist; Crm:RulesDirectory names the folder of the rule files.");
    }
}
