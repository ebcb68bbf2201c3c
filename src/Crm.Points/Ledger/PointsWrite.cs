namespace Crm.Points;

/// <summary>One atomic write to a customer's ledger: entries to append, lots to create or change, and the new account values.</summary>
public sealed class PointsWrite
{
    /// <summary>Gets the idempotency key; a second write with the same customer and key writes nothing.</summary>
    public required string Key { get; init; }

    /// <summary>Gets the version the writer read (0: no account yet).</summary>
    public required long ExpectedVersion { get; init; }

    /// <summary>Gets the account after the write; its <see cref="PointsAccount.Version"/> and <see cref="PointsAccount.Lots"/> are ignored.</summary>
    public required PointsAccount Account { get; init; }

    /// <summary>Gets the entries to append (at least one), numbered on from the account's entry count before the write.</summary>
    public required IReadOnlyList<PointsEntry> Entries { get; init; }

    /// <summary>Gets the lots to create or replace (by <see cref="PointsLot.LotId"/>).</summary>
    public IReadOnlyList<PointsLot> Lots { get; init; } = [];
}
