using System.Globalization;
using System.Text;
using Crm.Internal;

namespace Crm.Points;

/// <summary>What a refund took back: the outcome of the points refund handler (<c>result.Points()</c> on the refund's result).</summary>
/// <param name="RefundId">The refund.</param>
/// <param name="PurchaseId">The refunded purchase.</param>
/// <param name="Points">The points reversed: the purchase's award in proportion to the amount refunded, rounded down, never more than it earned.</param>
/// <param name="Expired">The part of <paramref name="Points"/> that had expired unspent: the expiry already took it, so its expiry is undone and it costs the customer nothing now.</param>
/// <param name="Debt">The part that could not be taken back and is owed (<see cref="RefundDebtPolicy.Debt"/>), or that took the balance below zero (<see cref="RefundDebtPolicy.NegativeBalance"/>).</param>
/// <param name="WasAlreadyReversed"><see langword="true"/> when the refund had been handled before and nothing changed (a replay).</param>
/// <param name="Entries">The ledger entries of the reversal.</param>
public sealed record PointsReversal(string RefundId, string PurchaseId, PointAmount Points, PointAmount Expired, PointAmount Debt, bool WasAlreadyReversed, IReadOnlyList<PointsEntry> Entries)
{
    /// <summary>Prints the lists by their items, where the generated members would print their type.</summary>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"RefundId = {RefundId}, PurchaseId = {PurchaseId}, Points = {Points}, Expired = {Expired}, Debt = {Debt}, WasAlreadyReversed = {WasAlreadyReversed}, Entries = {ListText.Of(Entries)}");
        return true;
    }
}
