using Crm.Churn;
using Crm.Segmentation;
using NodaTime;

namespace Crm.Samples.TillService;

/// <summary>
/// Runs segmentation and then churn (assessments and win-back actions) every <c>Crm:Schedule:Interval</c>.
/// </summary>
/// <remarks>
/// The timer only says when; what "now" is comes from the CRM's <see cref="IClock"/>, so a test calls
/// <see cref="RunOnceAsync"/> with a fake clock instead of waiting. With several till services on one PostgreSQL
/// database, let one of them run the schedule (<c>Crm:Schedule:Enabled</c> false on the others): both runs are safe to
/// repeat, but repeating them is wasted work.
/// </remarks>
public sealed partial class CrmScheduledJobs(
    SegmentationManager segmentation,
    ChurnManager churn,
    IClock clock,
    TillSettings settings,
    ILogger<CrmScheduledJobs> logger) : BackgroundService
{
    /// <summary>Runs segmentation and churn once, as of the CRM clock's now.</summary>
    /// <param name="cancellationToken">A token to stop the run.</param>
    /// <returns>What the runs did.</returns>
    public async Task<ScheduledRunReport> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var asOf = clock.GetCurrentInstant();

        // Segmentation first: a churn rule or a win-back coupon may be scoped to segments, and it should see today's.
        var segments = await segmentation.RunAsync(asOf, cancellationToken: cancellationToken);
        var risk = await churn.RunAsync(cancellationToken: cancellationToken);
        LogRun(logger, asOf, segments.Customers, segments.Entered, segments.Left, risk.CustomersVisited, risk.Warning, risk.Critical, risk.ActionsTaken);
        return new ScheduledRunReport { AsOf = asOf, Segmentation = segments, Churn = risk };
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.Schedule.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(settings.Schedule.Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A failed run (the database away for a moment) must not stop the schedule: the next tick tries again,
                // and both runs pick up where the data is.
                LogRunFailed(logger, e);
            }
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Scheduled run as of {AsOf}: {Customers} customers segmented ({Entered} entered, {Left} left a segment); {Assessed} assessed for churn, {Warning} warning, {Critical} critical, {Actions} win-back actions")]
    private static partial void LogRun(ILogger logger, Instant asOf, long customers, long entered, long left, int assessed, int warning, int critical, int actions);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Scheduled segmentation and churn run failed; the next one is at the next interval")]
    private static partial void LogRunFailed(ILogger logger, Exception exception);
}
