using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Crm.Samples.TillService;

/// <summary>
/// Reports whether the CRM's store answers: one cheap read through the library (a customer that is never registered),
/// so the check goes through the same adapter, connection and schema as a purchase does.
/// </summary>
internal sealed class CrmStoreHealthCheck(CrmManager crm) : IHealthCheck
{
    private static readonly CustomerId Probe = new("health-check-probe");

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await crm.GetCustomerAsync(Probe, cancellationToken);
            return HealthCheckResult.Healthy("The CRM store answered.");
        }
        catch (CrmStorageException e)
        {
            // The code says whether waiting helps (storage.unavailable) or an operator is needed (storage.failed).
            return new HealthCheckResult(
                context.Registration.FailureStatus,
                $"The CRM store failed: {e.ErrorCode}.",
                e,
                new Dictionary<string, object> { ["code"] = e.ErrorCode, ["transient"] = e.IsTransient });
        }
    }
}
