using System.Globalization;
using System.Text;
using Crm.Internal;

namespace Crm.Membership;

/// <summary>What a review or benefits run did.</summary>
/// <param name="MembersVisited">How many member records were read.</param>
/// <param name="Changes">The tier changes made (reviews), in member order.</param>
/// <param name="GrantsIssued">How many benefits were granted (benefits runs).</param>
public sealed record MembershipRunResult(int MembersVisited, IReadOnlyList<TierChange> Changes, int GrantsIssued)
{
    /// <summary>Gets the grants the coupon issuer refused (benefits runs), in member order, each also logged and counted; a later run for the same period tries them again.</summary>
    public IReadOnlyList<TierBenefitFailure> FailedGrants { get; init; } = [];

    /// <summary>Prints the lists by their items, where the generated members would print their type.</summary>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"MembersVisited = {MembersVisited}, Changes = {ListText.Of(Changes)}, GrantsIssued = {GrantsIssued}, FailedGrants = {ListText.Of(FailedGrants)}");
        return true;
    }
}
