namespace Crm.Baskets;

/// <summary>How recommendations are drawn: how many, when a customer's repeat item is due, and which segments keep their own popular items.</summary>
public sealed record RecommendationSettings
{
    /// <summary>Gets how many recommendations a request returns when it does not say, 1 to 50.</summary>
    /// <value>The default value is 5.</value>
    public int Count { get; init; } = 5;

    /// <summary>Gets how many of the customer's latest journal entries are read for their repeat items, 10 to 1,000.</summary>
    /// <value>The default value is 200.</value>
    public int RepeatHistory { get; init; } = 200;

    /// <summary>Gets how many purchases of an item, on different days, make it a repeat item (two give one gap), 2 to 100.</summary>
    /// <value>The default value is 3.</value>
    public int RepeatMinimumPurchases { get; init; } = 3;

    /// <summary>Gets the share of an item's mean gap between purchases after which it is due again, in (0, 10].</summary>
    /// <value>The default value is 0.8: an item bought about every 10 days is due 8 days after it was last bought.</value>
    public double RepeatDueShare { get; init; } = 0.8;

    /// <summary>Gets the segments whose own most popular items a model keeps, for the fallback of their members (at most 50).</summary>
    public IReadOnlyList<string> PopularSegments { get; init; } = [];

    /// <summary>Gets how many popular items a model keeps per segment and overall, 1 to 1,000.</summary>
    /// <value>The default value is 50.</value>
    public int PopularItems { get; init; } = 50;

    internal void Validate(string path)
    {
        Range(Count, 1, 50, path + ".count", "count");
        Range(RepeatHistory, 10, 1000, path + ".repeatHistory", "repeat history");
        Range(RepeatMinimumPurchases, 2, 100, path + ".repeatMinimumPurchases", "repeat minimum purchases");
        Range(PopularItems, 1, 1000, path + ".popularItems", "popular items");
        if (!(RepeatDueShare > 0 && RepeatDueShare <= 10))
        {
            throw BasketPolicy.Invalid(path + ".repeatDueShare", $"The repeat due share is {RepeatDueShare}; it must be above 0 and at most 10.");
        }

        if (PopularSegments is null || PopularSegments.Count > 50)
        {
            throw BasketPolicy.Invalid(path + ".popularSegments", "Name at most 50 segments; leave the property out for none.");
        }

        for (var i = 0; i < PopularSegments.Count; i++)
        {
            BasketPolicy.RequireItem(PopularSegments[i], $"{path}.popularSegments[{i}]");
        }
    }

    private static void Range(int value, int min, int max, string path, string what)
    {
        if (value < min || value > max)
        {
            throw BasketPolicy.Invalid(path, $"The {what} is {value}; it must be between {min} and {max}.");
        }
    }
}
