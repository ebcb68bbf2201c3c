using NodaTime;

namespace Crm.Feedback;

/// <summary>The SLA of a complaint category: how long staff have to acknowledge it and to resolve it, in business time.</summary>
public sealed class SlaTarget
{
    /// <summary>Gets the category, or <see langword="null"/> for the default of every category without a target of its own.</summary>
    public FeedbackCategory? Category { get; init; }

    /// <summary>Gets the hours allowed to acknowledge, more than 0 and at most 8,760.</summary>
    /// <value>The default value is 2 hours.</value>
    public decimal AcknowledgeWithinHours { get; init; } = 2m;

    /// <summary>Gets the hours allowed to resolve, counted from the opening, at least <see cref="AcknowledgeWithinHours"/> and at most 8,760.</summary>
    /// <value>The default value is 48 hours.</value>
    public decimal ResolveWithinHours { get; init; } = 48m;

    internal Duration AcknowledgeWithin => Hours(AcknowledgeWithinHours);

    internal Duration ResolveWithin => Hours(ResolveWithinHours);

    private static Duration Hours(decimal hours) => Duration.FromTicks((long)decimal.Round(hours * NodaConstants.TicksPerHour));

    internal void Validate(string path)
    {
        if (Category is { } category && !Enum.IsDefined(category))
        {
            throw FeedbackPolicy.Invalid($"{path}.category", $"The category {(int)category} is not defined.");
        }

        if (AcknowledgeWithinHours is <= 0m or > 8760m)
        {
            throw FeedbackPolicy.Invalid($"{path}.acknowledgeWithinHours", $"{AcknowledgeWithinHours} hours: it must be more than 0 and at most 8,760.");
        }

        if (ResolveWithinHours < AcknowledgeWithinHours || ResolveWithinHours > 8760m)
        {
            throw FeedbackPolicy.Invalid($"{path}.resolveWithinHours", $"{ResolveWithinHours} hours: it must be at least the acknowledge time ({AcknowledgeWithinHours}) and at most 8,760.");
        }
    }
}
