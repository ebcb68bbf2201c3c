using static Crm.Churn.BgNbdModel;

namespace Crm.Churn.Internal;

/// <summary>What every <see cref="IPurchaseModel"/> does the same way: batch predictions' checks and splitting, and the holdout table.</summary>
internal static class PurchaseModels
{
    /// <summary>Predicts a chunk of customers into the outputs' matching slices.</summary>
    public delegate void Chunk(ReadOnlySpan<CustomerSummary> customers, double t, Span<double> probabilityAlive, Span<double> expectedPurchases);

    /// <summary>Checks the horizon, the outputs and every history (before anything is written), then predicts in chunks of 65,536, in parallel when there are several.</summary>
    public static void Predict(ReadOnlyMemory<CustomerSummary> customers, double t, Memory<double> probabilityAlive, Memory<double> expectedPurchases, Chunk predict)
    {
        Horizon(t);
        if (probabilityAlive.Length < customers.Length)
        {
            throw new ArgumentException(Text($"The output has {probabilityAlive.Length} places for {customers.Length} customers; it must be at least as long as the input."), nameof(probabilityAlive));
        }

        if (expectedPurchases.Length < customers.Length)
        {
            throw new ArgumentException(Text($"The output has {expectedPurchases.Length} places for {customers.Length} customers; it must be at least as long as the input."), nameof(expectedPurchases));
        }

        // Checked up front, on this thread: a bad history found inside Parallel.For would surface wrapped in an
        // AggregateException, after part of the outputs was written; a negative x would index outside a model's tables.
        var span = customers.Span;
        for (var i = 0; i < span.Length; i++)
        {
            HistoryCheck.Customer(span[i], i, forFit: false);
        }

        const int Size = 1 << 16;
        var chunks = (customers.Length + Size - 1) / Size;
        if (chunks <= 1)
        {
            predict(customers.Span, t, probabilityAlive.Span, expectedPurchases.Span);
            return;
        }

        Parallel.For(0, chunks, i =>
        {
            var from = i * Size;
            var length = Math.Min(Size, customers.Length - from);
            predict(customers.Span.Slice(from, length), t, probabilityAlive.Span.Slice(from, length), expectedPurchases.Span.Slice(from, length));
        });
    }

    /// <summary>One customer at a time, for a model without a faster way: its own <see cref="IPurchaseModel.ProbabilityAlive"/> and <see cref="IPurchaseModel.ExpectedPurchases"/>.</summary>
    public static Chunk OneByOne(IPurchaseModel model) => (customers, t, probabilityAlive, expectedPurchases) =>
    {
        for (var i = 0; i < customers.Length; i++)
        {
            probabilityAlive[i] = model.ProbabilityAlive(customers[i]);
            expectedPurchases[i] = model.ExpectedPurchases(customers[i], t);
        }
    };

    public static HoldoutComparison CompareHoldout(IPurchaseModel model, IReadOnlyList<CalibrationHoldoutSummary> customers, int openGroupFrom)
    {
        ArgumentNullException.ThrowIfNull(customers);
        if (openGroupFrom < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(openGroupFrom), openGroupFrom, "The open group must start at a frequency of at least 1.");
        }

        var count = new int[openGroupFrom + 1];
        var actual = new double[openGroupFrom + 1];
        var predicted = new double[openGroupFrom + 1];
        double totalActual = 0, totalPredicted = 0, absolute = 0, squared = 0, sumPP = 0, sumAA = 0, sumPA = 0;
        for (var i = 0; i < customers.Count; i++)
        {
            var c = customers[i] ?? throw new ArgumentNullException(nameof(customers), "A customer is null.");
            var history = c.Calibration.History;
            HistoryCheck.Customer(history, i, forFit: false);
            BgNbdModel.Horizon(c.HoldoutDuration, "customers.HoldoutDuration");
            var prediction = model.ExpectedPurchases(history, c.HoldoutDuration);
            var truth = (double)c.HoldoutFrequency;
            var group = Math.Min(history.Frequency, openGroupFrom);
            count[group]++;
            actual[group] += truth;
            predicted[group] += prediction;
            totalActual += truth;
            totalPredicted += prediction;
            absolute += Math.Abs(prediction - truth);
            squared += (prediction - truth) * (prediction - truth);
            sumPP += prediction * prediction;
            sumAA += truth * truth;
            sumPA += prediction * truth;
        }

        var n = customers.Count;
        var groups = new List<HoldoutFrequencyGroup>();
        for (var g = 0; g <= openGroupFrom; g++)
        {
            if (count[g] > 0)
            {
                groups.Add(new HoldoutFrequencyGroup
                {
                    Frequency = g,
                    IsOpenEnded = g == openGroupFrom,
                    CustomerCount = count[g],
                    ActualMean = actual[g] / count[g],
                    PredictedMean = predicted[g] / count[g],
                });
            }
        }

        double correlation = double.NaN;
        if (n > 1)
        {
            var covariance = sumPA - (totalPredicted * totalActual / n);
            var varianceP = sumPP - (totalPredicted * totalPredicted / n);
            var varianceA = sumAA - (totalActual * totalActual / n);
            correlation = varianceP > 0 && varianceA > 0 ? covariance / Math.Sqrt(varianceP * varianceA) : double.NaN;
        }

        return new HoldoutComparison
        {
            Groups = groups,
            CustomerCount = n,
            ActualPurchases = totalActual,
            PredictedPurchases = totalPredicted,
            MeanAbsoluteError = n > 0 ? absolute / n : double.NaN,
            RootMeanSquaredError = n > 0 ? Math.Sqrt(squared / n) : double.NaN,
            Correlation = correlation,
        };
    }
}
