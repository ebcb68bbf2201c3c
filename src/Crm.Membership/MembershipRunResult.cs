using System.Globalization;
using System.Text;
using Crm.Internal;

namespace Crm.Membership;

/// <summary>What a review or benefits run did.</summary>
public sealed record MembershipRunResult
{
    /// <summary>Gets how many member records were read.</summary>
    public required int MembersVisited { get; init; }

    /// <summary>Gets the tier changes made (reviews), in member order.</summary>
    public required IReadOnlyList<TierChange> Changes { get; init; }

    /// <summary>Gets how many benefits were granted (benefits runs).</summary>
    public required int GrantsIssued { get; init; }

    /// <summary>Gets the grants the coupon issuer refused (benefits runs), in member order, each also logged and counted; a later run for the same period tries them again.</summary>
    public IReadOnlyList<TierBenefitFailure> FailedGrants { get; init; } = [];

    /// <summary>Prints the lists by their items, where the generated members would print their type.</summary>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"MembersVisited = {MembersVisited}, Changes = {ListText.Of(Changes)}, GrantsIssued = {GrantsIssued}, FailedGrants = {ListText.Of(FailedGrants)}");
        return true;
    }
}
