namespace Crm.Storage.Relational;

/// <summary>
/// One statement of a write, with the number of rows it must change for the write's precondition to hold (a versioned
/// update changes one row; an <c>INSERT ... ON CONFLICT DO NOTHING</c> of a key that must be new inserts one).
/// </summary>
/// <param name="Sql">The statement.</param>
/// <param name="Parameters">Its values.</param>
/// <param name="ExpectedRows">The rows it must change, or <see langword="null"/> when any number will do.</param>
/// <param name="Conflict">What a failed precondition is about, for the <see cref="CrmConcurrencyException"/>: the entity, and the version expected.</param>
/// <param name="Tag">What the statement checks, for a store that answers a failed precondition outside a unit of work (a budget, a cap, a key).</param>
internal sealed record SqlWrite(string Sql, SqlParameters Parameters, int? ExpectedRows = null, (string Entity, long ExpectedVersion)? Conflict = null, string? Tag = null)
{
    /// <summary>Creates the exception for this statement's failed precondition.</summary>
    public CrmConcurrencyException ToConflict() =>
        Conflict is { } conflict ? new CrmConcurrencyException(conflict.Entity, conflict.ExpectedVersion, null) : new CrmConcurrencyException(Tag ?? "a write", 0, null);
}
