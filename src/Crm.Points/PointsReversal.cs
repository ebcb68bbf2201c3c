using System.Globalization;
using System.Text;
using Crm.Internal;

namespace Crm.Points;

/// <summary>What a refund took back: the outcome of the points refund handler (<c>result.Points()</c> on the refund's result).</summary>
public sealed record PointsReversal
{
    /// <summary>Gets the refund.</summary>
    public required string RefundId { get; init; }

    /// <summary>Gets the refunded purchase.</summary>
    public required string PurchaseId { get; init; }

    /// <summary>Gets the points reversed: the purchase's award in proportion to the amount refunded, rounded down, never more than it earned.</summary>
    public required PointAmount Points { get; init; }

    /// <summary>Gets the part of <see cref="Points"/> that had expired unspent: the expiry already took it, so its expiry is undone and it costs the customer nothing now.</summary>
    public required PointAmount Expired { get; init; }

    /// <summary>Gets the part that could not be taken back and is owed (<see cref="RefundDebtPolicy.Debt"/>), or that took the balance below zero (<see cref="RefundDebtPolicy.NegativeBalance"/>).</summary>
    public required PointAmount Debt { get; init; }

    /// <summary>Gets a value that is <see langword="true"/> when the refund had been handled before and nothing changed (a replay).</summary>
    public required bool IsReplay { get; init; }

    /// <summary>Gets the ledger entries of the reversal.</summary>
    public required IReadOnlyList<PointsEntry> Entries { get; init; }

    /// <summary>Prints the lists by their items, where the generated members would print their type.</summary>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"RefundId = {RefundId}, PurchaseId = {PurchaseId}, Points = {Points}, Expired = {Expired}, Debt = {Debt}, IsReplay = {IsReplay}, Entries = {ListText.Of(Entries)}");
        return true;
    }
}
