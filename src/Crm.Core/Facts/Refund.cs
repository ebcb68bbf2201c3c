using NodaTime;

namespace Crm;

/// <summary>
/// A refund fact: some lines (or an amount) of an earlier purchase are given back.
/// </summary>
/// <remarks>
/// <para>Give either <see cref="Lines"/> (items returned) or <see cref="Amount"/> (money given back, such as a goodwill refund), not both.</para>
/// <para>A returned line gives back its share of what was paid in proportion to the quantity; returning all that is
/// left of a line gives back exactly what is left of its share. An amount is spread over the lines in proportion
/// to what is left of each (largest remainder), so spend per category stays exact.</para>
/// <para><see cref="Id"/> is the idempotency key.</para>
/// </remarks>
public sealed class Refund
{
    /// <summary>Gets the host's refund id, unique across the programme.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the id of the purchase being refunded.</summary>
    public required string PurchaseId { get; init; }

    /// <summary>Gets the instant of the refund; not before the purchase.</summary>
    public required Instant OccurredAt { get; init; }

    /// <summary>Gets the lines returned, or <see langword="null"/> when <see cref="Amount"/> is given.</summary>
    public IReadOnlyList<RefundLine>? Lines { get; init; }

    /// <summary>Gets the amount given back, or <see langword="null"/> when <see cref="Lines"/> are given.</summary>
    public Money? Amount { get; init; }
}
