namespace Crm.Storage.Relational;

/// <summary>The logical type of a column of the schema; a <see cref="RelationalDialect"/> names each in its database's SQL.</summary>
public enum RelationalType
{
    /// <summary>An id or key: text compared and sorted ordinally (byte by byte), as every adapter pages by it.</summary>
    Key = 1,

    /// <summary>Free text.</summary>
    Text = 2,

    /// <summary>A 64-bit integer: counts, versions, amounts in minor units, instants as Unix ticks.</summary>
    Integer = 3,

    /// <summary>A double-precision number (scores and probabilities, never money).</summary>
    Real = 4,
}
