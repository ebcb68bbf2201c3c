using Crm.Storage.Relational;
using Npgsql;

namespace Crm.Storage.Postgres.Tests;

public sealed class PostgresErrorClassificationTests
{
    /// <summary>
    /// The dialect's reading of SQLSTATE: connection exceptions (08), insufficient resources (53, such as too many clients),
    /// operator intervention (57P, a server shutting down), serialization failures and deadlocks are transient; a missing
    /// table, a syntax error, a value out of range are not.
    /// </summary>
    [Theory]
    [InlineData("08006", true)]
    [InlineData("08001", true)]
    [InlineData("53300", true)]
    [InlineData("53100", true)]
    [InlineData("57P01", true)]
    [InlineData("57P03", true)]
    [InlineData("40001", true)]
    [InlineData("40P01", true)]
    [InlineData("42P01", false)]
    [InlineData("42601", false)]
    [InlineData("22003", false)]
    [InlineData("23503", false)]
    public void SqlStates_TransientOnlyWhenRetryingCanHelp(string sqlState, bool transient)
    {
        var translated = StorageFailure.From(new PostgresException("error", "ERROR", "ERROR", sqlState), PostgresDialect.Instance);

        Assert.Equal(transient, translated.IsTransient);
        Assert.Equal(transient ? CrmErrorCodes.StorageUnavailable : CrmErrorCodes.StorageFailed, translated.ErrorCode);
    }
}
