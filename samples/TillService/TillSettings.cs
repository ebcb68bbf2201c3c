namespace Crm.Samples.TillService;

/// <summary>Where the CRM keeps its data: <c>Crm:Storage</c> in configuration.</summary>
public enum TillStorage
{
    /// <summary>One SQLite file (<c>Crm:SqlitePath</c>, relative to the content root): the default for a single shop.</summary>
    Sqlite,

    /// <summary>PostgreSQL at <c>ConnectionStrings:Crm</c>: many till services on one database.</summary>
    Postgres,

    /// <summary>In the process only, gone at exit: for tests and demos.</summary>
    InMemory,
}

/// <summary>The <c>Crm</c> section of configuration (appsettings.json, environment variables <c>Crm__Storage</c>, ...).</summary>
public sealed class TillSettings
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Crm";

    /// <summary>Gets or sets the storage adapter.</summary>
    public TillStorage Storage { get; set; } = TillStorage.Sqlite;

    /// <summary>Gets or sets the SQLite file, relative to the content root unless absolute.</summary>
    public string SqlitePath { get; set; } = "tillservice.db";

    /// <summary>Gets or sets the programme's currency code (ISO 4217).</summary>
    public string Currency { get; set; } = "CNY";

    /// <summary>Gets or sets the programme's time zone (a TZDB id): "Tuesday", "this month" and birthdays are local to it.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>Gets or sets the folder of the rule files, relative to the content root unless absolute.</summary>
    public string RulesDirectory { get; set; } = "rules";

    /// <summary>Gets or sets a value indicating whether Crm.Feedback is installed (the customer card comes from it when it is).</summary>
    public bool Feedback { get; set; } = true;

    /// <summary>Gets or sets the schedule of the segmentation and churn runs.</summary>
    public ScheduleSettings Schedule { get; set; } = new();
}

/// <summary>The <c>Crm:Schedule</c> section: when <see cref="CrmScheduledJobs"/> runs segmentation and churn.</summary>
public sealed class ScheduleSettings
{
    /// <summary>Gets or sets a value indicating whether the runs happen at all (tests turn them off and call the run themselves).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the time between two runs.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(6);
}
