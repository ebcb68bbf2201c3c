using NodaTime;

namespace Crm.Segmentation;

/// <summary>A part of the day, in local time (programme time zone): from <see cref="From"/> inclusive to <see cref="To"/> exclusive.</summary>
public sealed class Daypart
{
    /// <summary>Gets the segment name, such as <c>daypart-morning</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the start, inclusive.</summary>
    public required LocalTime From { get; init; }

    /// <summary>Gets the end, exclusive; earlier than <see cref="From"/> for a part that crosses midnight.</summary>
    public required LocalTime To { get; init; }

    internal bool Contains(LocalTime time) => From < To ? time >= From && time < To : time >= From || time < To;
}
