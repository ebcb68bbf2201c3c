using System.Globalization;
using System.Text;
using Crm.Internal;

namespace Crm.Membership;

/// <summary>What membership did with a purchase or refund; found with <c>result.Membership()</c>.</summary>
public sealed record MembershipOutcome
{
    /// <summary>Gets the earned tier before.</summary>
    public required string TierBefore { get; init; }

    /// <summary>Gets the earned tier after.</summary>
    public required string TierAfter { get; init; }

    /// <summary>Gets the history entry when the tier changed, else <see langword="null"/>.</summary>
    public TierChange? Change { get; init; }

    /// <summary>Gets the member's totals in the qualification window that the decision used.</summary>
    public required TierWindowTotals Totals { get; init; }

    /// <summary>Gets the benefits the coupon issuer refused on this fact (a welcome gift), each also logged and counted; empty when none (and on a replay).</summary>
    public IReadOnlyList<TierBenefitFailure> FailedBenefits { get; init; } = [];

    /// <summary>Prints the lists by their items, where the generated members would print their type.</summary>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"TierBefore = {TierBefore}, TierAfter = {TierAfter}, Change = {Change}, Totals = {Totals}, FailedBenefits = {ListText.Of(FailedBenefits)}");
        return true;
    }
}
