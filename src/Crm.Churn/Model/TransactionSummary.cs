using NodaTime;

namespace Crm.Churn;

/// <summary>
/// Summarises purchases per customer for the BG/NBD and Gamma-Gamma models, with the definitions of the Python
/// <c>lifetimes</c> library (<c>summary_data_from_transaction_data</c> and <c>calibration_and_holdout_data</c>).
/// </summary>
/// <remarks>
/// <para>Each purchase is placed in its period (<see cref="TransactionSummaryOptions.Period"/>: a local day or a Monday to
/// Sunday week in <see cref="TransactionSummaryOptions.Zone"/>), and the purchases of one customer in one period count as
/// one purchase whose value is their sum. Then, per customer, with p₀ the first period with a purchase, pₙ the last, and
/// P the last period of observation (the one holding the instant just before <c>end</c>), all divided by
/// <see cref="TransactionSummaryOptions.PeriodsPerUnit"/>:</para>
/// <list type="bullet">
/// <item>frequency x = the number of periods with a purchase − 1;</item>
/// <item>recency t_x = pₙ − p₀;</item>
/// <item>age T = P − p₀;</item>
/// <item>average repeat value = the mean of the period sums after the first; 0 when x = 0. The first period is left out
/// because the Gamma-Gamma model describes repeat spend.</item>
/// </list>
/// <para>Observation ends at <c>end</c>, exclusive, as NodaTime intervals do: purchases at or after it are ignored, and
/// customers whose first purchase is at or after it are left out. lifetimes' <c>observation_period_end='1997-09-30'</c>
/// (a date, inclusive) is <c>end</c> = 1997-10-01 at midnight in the zone; when <c>end</c> is at the start of a period the
/// results are lifetimes' exactly.</para>
/// <para>Amounts are summed as they are: a negative amount (a refund written as a purchase) lowers its period's value.</para>
/// </remarks>
public static class TransactionSummary
{
    /// <summary>Summarises each customer's purchases before <paramref name="end"/>.</summary>
    /// <param name="transactions">The purchases, in any order.</param>
    /// <param name="end">The end of observation, exclusive.</param>
    /// <param name="options">The period and time unit; <see langword="null"/> for days in UTC.</param>
    /// <returns>One summary per customer with a purchase before <paramref name="end"/>, in ascending <see cref="CustomerId"/> order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="transactions"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="TransactionSummaryOptions.PeriodsPerUnit"/> is less than 1, or <see cref="TransactionSummaryOptions.Period"/> is not defined.</exception>
    /// <exception cref="CrmValidationException">A transaction has no customer id (<see cref="ChurnErrorCodes.TransactionInvalid"/>); <see cref="CrmValidationException.Field"/> names it, such as <c>transactions[12]</c>.</exception>
    public static IReadOnlyList<CustomerPurchaseSummary> Summarize(IEnumerable<PurchaseTransaction> transactions, Instant end, TransactionSummaryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        options = Check(options);
        var periods = Collapse(transactions, Instant.MinValue, end, options);
        var last = PeriodOf(end, options);
        return periods.Select(c => Summary(c.Key, c.Value, last, options)).ToList();
    }

    /// <summary>
    /// Summarises each customer's purchases in a calibration period, before <paramref name="calibrationEnd"/>, and counts
    /// what they bought in the holdout period after it, before <paramref name="observationEnd"/>.
    /// </summary>
    /// <param name="transactions">The purchases, in any order.</param>
    /// <param name="calibrationEnd">The end of the calibration period, exclusive, and the start of the holdout period.</param>
    /// <param name="observationEnd">The end of the holdout period, exclusive.</param>
    /// <param name="options">The period and time unit; <see langword="null"/> for days in UTC.</param>
    /// <returns>
    /// One row per customer with a purchase in the calibration period, in ascending <see cref="CustomerId"/> order; customers
    /// first seen in the holdout period are left out, as lifetimes does.
    /// </returns>
    /// <remarks>
    /// The holdout frequency counts the periods with a purchase in [<paramref name="calibrationEnd"/>,
    /// <paramref name="observationEnd"/>); the holdout duration is the number of periods from the last period of calibration
    /// to the last of observation, divided by <see cref="TransactionSummaryOptions.PeriodsPerUnit"/>. For CDNOW's split,
    /// lifetimes' <c>calibration_period_end='1997-09-30'</c>, <c>observation_period_end='1998-06-30'</c> and
    /// <c>freq_multiplier=7</c> are 1997-10-01 and 1998-07-01 at midnight with 7 days per unit: a holdout of 39 weeks.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="transactions"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="observationEnd"/> is not after <paramref name="calibrationEnd"/>, <see cref="TransactionSummaryOptions.PeriodsPerUnit"/> is less than 1, or <see cref="TransactionSummaryOptions.Period"/> is not defined.</exception>
    /// <exception cref="CrmValidationException">A transaction has no customer id (<see cref="ChurnErrorCodes.TransactionInvalid"/>).</exception>
    public static IReadOnlyList<CalibrationHoldoutSummary> SplitCalibrationHoldout(IEnumerable<PurchaseTransaction> transactions, Instant calibrationEnd, Instant observationEnd, TransactionSummaryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        if (observationEnd <= calibrationEnd)
        {
            throw new ArgumentOutOfRangeException(nameof(observationEnd), observationEnd, "The end of observation must be after the end of the calibration period.");
        }

        options = Check(options);
        var list = transactions as IReadOnlyList<PurchaseTransaction> ?? transactions.ToList();
        var calibration = Collapse(list, Instant.MinValue, calibrationEnd, options);
        var holdout = Collapse(list, calibrationEnd, observationEnd, options);
        var lastCalibration = PeriodOf(calibrationEnd, options);
        var duration = (double)(PeriodOf(observationEnd, options) - lastCalibration) / options.PeriodsPerUnit;
        return calibration.Select(c =>
        {
            var later = holdout.GetValueOrDefault(c.Key);
            return new CalibrationHoldoutSummary
            {
                Calibration = Summary(c.Key, c.Value, lastCalibration, options),
                HoldoutFrequency = later?.Count ?? 0,
                HoldoutAverageValue = later is { Count: > 0 } ? (double)(later.Values.Sum() / later.Count) : 0.0,
                HoldoutDuration = duration,
            };
        }).ToList();
    }

    /// <summary>Reads every customer's purchases made in [<paramref name="from"/>, <paramref name="end"/>) from the journal, net of their refunds, to summarise.</summary>
    /// <param name="store">The activity journal.</param>
    /// <param name="from">The first instant of purchases to read (inclusive).</param>
    /// <param name="end">The end of the purchases to read (exclusive), as <see cref="Summarize"/> takes it.</param>
    /// <param name="pageSize">The number of journal entries read per call to <see cref="IActivityStore.ListEntriesAsync"/>, at least 1.</param>
    /// <param name="cancellationToken">A token to cancel the reading.</param>
    /// <returns>One transaction per purchase, at its <see cref="ActivityEntry.PurchasedAt"/>, in the journal's purchase-time order.</returns>
    /// <remarks>
    /// A purchase's amount is what was paid less every refund of it in the journal when it is read, whenever the refund was
    /// made (so a summary of past periods read later sees later refunds); a purchase refunded in full (or more) is left out,
    /// as a purchase that did not happen. Currencies are not converted: the journal of a programme has one.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="end"/> is not after <paramref name="from"/>, or <paramref name="pageSize"/> is less than 1.</exception>
    public static async Task<IReadOnlyList<PurchaseTransaction>> ReadPurchasesAsync(IActivityStore store, Instant from, Instant end, int pageSize = 1000, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (end <= from)
        {
            throw new ArgumentOutOfRangeException(nameof(end), end, "The end must be after the start.");
        }

        if (pageSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, "The page size must be at least 1.");
        }

        var purchases = new List<PurchaseTransaction>();
        var index = new Dictionary<(CustomerId, string), int>();
        await foreach (var entry in Crm.Internal.KeysetPaging.ReadAllAsync<ActivityEntry, JournalPosition>(
            (after, limit, token) => store.ListEntriesAsync(from, end.PlusTicks(-1), after, limit, cancellationToken: token),
            JournalPosition.Of,
            pageSize,
            null,
            cancellationToken).ConfigureAwait(false))
        {
            var key = (entry.CustomerId, entry.PurchaseId);
            if (entry.Kind == ActivityKind.Purchase)
            {
                index[key] = purchases.Count;
                purchases.Add(new PurchaseTransaction(entry.CustomerId, entry.PurchasedAt, entry.Amount.Amount));
            }
            else if (index.TryGetValue(key, out var at))
            {
                purchases[at] = purchases[at] with { Amount = purchases[at].Amount - entry.Amount.Amount };
            }
        }

        return purchases.Where(p => p.Amount > 0).ToList();
    }

    private static TransactionSummaryOptions Check(TransactionSummaryOptions? options)
    {
        options ??= new TransactionSummaryOptions();
        if (options.PeriodsPerUnit < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.PeriodsPerUnit, "PeriodsPerUnit must be at least 1.");
        }

        if (options.Period is not (SummaryPeriod.Day or SummaryPeriod.Week))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Period, "Period must be Day or Week.");
        }

        ArgumentNullException.ThrowIfNull(options.Zone, "options.Zone");
        return options;
    }

    /// <summary>Per customer (ordinal order), the sum of the purchases per period, for purchases in [from, to).</summary>
    private static SortedDictionary<CustomerId, SortedDictionary<long, decimal>> Collapse(IEnumerable<PurchaseTransaction> transactions, Instant from, Instant to, TransactionSummaryOptions options)
    {
        var customers = new SortedDictionary<CustomerId, SortedDictionary<long, decimal>>();
        var index = 0;
        foreach (var t in transactions)
        {
            if (t.CustomerId.IsDefault)
            {
                throw new CrmValidationException(
                    ChurnErrorCodes.TransactionInvalid,
                    string.Create(System.Globalization.CultureInfo.InvariantCulture, $"transactions[{index}]"),
                    "A purchase transaction needs a customer id; default(CustomerId) is not one.");
            }

            index++;
            if (t.At < from || t.At >= to)
            {
                continue;
            }

            if (!customers.TryGetValue(t.CustomerId, out var periods))
            {
                customers.Add(t.CustomerId, periods = []);
            }

            var period = PeriodOfPurchase(t.At, options);
            periods[period] = periods.GetValueOrDefault(period) + t.Amount;
        }

        return customers;
    }

    private static CustomerPurchaseSummary Summary(CustomerId id, SortedDictionary<long, decimal> periods, long lastPeriod, TransactionSummaryOptions options)
    {
        var first = periods.Keys.First();
        var last = periods.Keys.Last();
        var x = periods.Count - 1;
        var repeatSum = 0m;
        foreach (var (period, value) in periods)
        {
            if (period != first)
            {
                repeatSum += value;
            }
        }

        double unit = options.PeriodsPerUnit;
        return new CustomerPurchaseSummary
        {
            CustomerId = id,
            Frequency = x,
            Recency = (last - first) / unit,
            Age = (lastPeriod - first) / unit,
            AverageRepeatValue = x > 0 ? (double)(repeatSum / x) : 0.0,
        };
    }

    /// <summary>The last period of an observation ending at <paramref name="end"/> (exclusive): the one holding the tick before it.</summary>
    private static long PeriodOf(Instant end, TransactionSummaryOptions options) => PeriodOfPurchase(end.PlusTicks(-1), options);

    private static long PeriodOfPurchase(Instant at, TransactionSummaryOptions options)
    {
        var day = DayNumber(at.InZone(options.Zone).Date);

        // 1970-01-01 was a Thursday: day + 3 counts from Monday 1969-12-29, the start of week 0.
        return options.Period == SummaryPeriod.Day ? day : Math.DivRem(day + 3, 7) switch
        {
            var (q, r) when r < 0 => q - 1,
            var (q, _) => q,
        };
    }

    private static long DayNumber(LocalDate date) => date.AtMidnight().InUtc().ToInstant().ToUnixTimeSeconds() / 86_400;
}
