using NodaTime;

namespace Crm.Segmentation;

/// <summary>Preference segments: favourite category, habitual daypart, preferred channel.</summary>
/// <remarks>
/// <para>The favourite category comes from the metrics: the category with the largest share of all-time net spend, when that share is at least
/// <see cref="CategoryMinimumShare"/>; the segment is <see cref="CategoryPrefix"/> + category (<c>loves-green-tea</c>).</para>
/// <para>Metrics hold no times of day or channels, so dayparts and channels are read from the customer's journal (purchases up to the as-of
/// instant). That costs one journal read per customer, so both are off unless <see cref="Dayparts"/> or <see cref="ChannelMinimumShare"/> is set.</para>
/// </remarks>
public sealed class PreferenceSettings
{
    /// <summary>Gets the smallest share of net spend that makes a category the favourite; <see langword="null"/> for no category segments.</summary>
    /// <value>The default value is 0.5.</value>
    public decimal? CategoryMinimumShare { get; init; } = 0.5m;

    /// <summary>Gets the prefix of category segments.</summary>
    /// <value>The default value is <c>loves-</c>.</value>
    public string CategoryPrefix { get; init; } = "loves-";

    /// <summary>Gets the dayparts; empty for no daypart segments.</summary>
    public IReadOnlyList<Daypart> Dayparts { get; init; } = [];

    /// <summary>Gets the smallest share of purchases in one daypart that makes it habitual.</summary>
    /// <value>The default value is 0.6.</value>
    public decimal DaypartMinimumShare { get; init; } = 0.6m;

    /// <summary>Gets the smallest share of purchases on one channel that makes it preferred (segment <c>channel-app</c> and so on); <see langword="null"/> for none.</summary>
    public decimal? ChannelMinimumShare { get; init; }

    /// <summary>Gets the common dayparts: morning 05:00-11:00, afternoon 11:00-17:00, evening 17:00-05:00.</summary>
    public static IReadOnlyList<Daypart> CommonDayparts { get; } =
    [
        new() { Name = "daypart-morning", From = new LocalTime(5, 0), To = new LocalTime(11, 0) },
        new() { Name = "daypart-afternoon", From = new LocalTime(11, 0), To = new LocalTime(17, 0) },
        new() { Name = "daypart-evening", From = new LocalTime(17, 0), To = new LocalTime(5, 0) },
    ];

    internal bool NeedsJournal => Dayparts.Count > 0 || ChannelMinimumShare is not null;

    internal void Validate(string path)
    {
        if (CategoryMinimumShare is { } c && c is <= 0m or > 1m)
        {
            throw SegmentationPolicy.Invalid(path + ".categoryMinimumShare", $"{c} is not a share above 0 and at most 1.");
        }

        if (CategoryPrefix is null || CategoryPrefix.Any(char.IsControl))
        {
            throw SegmentationPolicy.Invalid(path + ".categoryPrefix", "The category prefix cannot be null or hold control characters.");
        }

        if (Dayparts is null)
        {
            throw SegmentationPolicy.Invalid(path + ".dayparts", "Dayparts cannot be null; use [] for none.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Dayparts.Count; i++)
        {
            var part = Dayparts[i] ?? throw SegmentationPolicy.Invalid($"{path}.dayparts[{i}]", $"Daypart {i} is null.");
            SegmentationPolicy.ValidateName(part.Name, $"{path}.dayparts[{i}].name");
            if (!names.Add(part.Name) || part.From == part.To)
            {
                throw SegmentationPolicy.Invalid($"{path}.dayparts[{i}]", $"Daypart '{part.Name}' is named twice or is empty (from equals to).");
            }
        }

        if (DaypartMinimumShare is <= 0m or > 1m)
        {
            throw SegmentationPolicy.Invalid(path + ".daypartMinimumShare", $"{DaypartMinimumShare} is not a share above 0 and at most 1.");
        }

        if (ChannelMinimumShare is { } ch && ch is <= 0m or > 1m)
        {
            throw SegmentationPolicy.Invalid(path + ".channelMinimumShare", $"{ch} is not a share above 0 and at most 1.");
        }
    }
}
