namespace Crm.Points;

/// <summary>When a purchase earns the birthday bonus, in the programme's time zone.</summary>
/// <remarks>Members born on 29 February have their birthday on 28 February in common years.</remarks>
public enum BirthdayWindow
{
    /// <summary>On the birthday itself.</summary>
    Day = 0,

    /// <summary>In the ISO week (Monday to Sunday) that contains the birthday.</summary>
    Week = 1,

    /// <summary>In the calendar month of the birthday.</summary>
    Month = 2,
}
