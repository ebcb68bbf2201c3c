namespace Crm.Feedback;

/// <summary>The periods a report groups by, as local dates in the programme's time zone.</summary>
public enum ReportPeriod
{
    /// <summary>Calendar months.</summary>
    Month = 1,

    /// <summary>ISO weeks, Monday to Sunday.</summary>
    Week = 2,
}
