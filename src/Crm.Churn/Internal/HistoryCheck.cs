using System.Globalization;

namespace Crm.Churn.Internal;

/// <summary>The one rule for a possible <see cref="CustomerSummary"/> and <see cref="SpendSummary"/>, for fits and predictions alike.</summary>
internal static class HistoryCheck
{
    /// <summary>Refuses an impossible history with <see cref="ChurnErrorCodes.HistoryInvalid"/>, naming the field.</summary>
    /// <param name="customer">The history.</param>
    /// <param name="field">Its path, such as <c>customer</c>.</param>
    /// <param name="forFit">A fit also needs T &gt; 0 (a customer first seen at the end of observation says nothing).</param>
    public static void Customer(in CustomerSummary customer, string field, bool forFit)
    {
        if (!IsPossible(customer, forFit))
        {
            throw Refusal(customer, field, forFit);
        }
    }

    /// <summary>Refuses the history at <c>customers[index]</c>; the field's name is only built when it is refused.</summary>
    public static void Customer(in CustomerSummary customer, int index, bool forFit)
    {
        if (!IsPossible(customer, forFit))
        {
            throw Refusal(customer, string.Create(CultureInfo.InvariantCulture, $"customers[{index}]"), forFit);
        }
    }

    /// <summary>x ≥ 0, finite times with 0 ≤ t_x ≤ T (and T &gt; 0 for a fit), t_x = 0 when x = 0.</summary>
    public static bool IsPossible(in CustomerSummary customer, bool forFit)
    {
        var (x, tx, age) = (customer.Frequency, customer.Recency, customer.Age);

        // Written so that NaN fails: every comparison with NaN is false.
        return x >= 0 && double.IsFinite(tx) && double.IsFinite(age) && tx >= 0 && tx <= age && (forFit ? age > 0 : age >= 0) && (x > 0 || tx == 0);
    }

    private static CrmValidationException Refusal(in CustomerSummary customer, string field, bool forFit) => new(
        ChurnErrorCodes.HistoryInvalid,
        field,
        string.Create(CultureInfo.InvariantCulture, $"The history at {field} (x = {customer.Frequency}, t_x = {customer.Recency}, T = {customer.Age}) is impossible: it needs x ≥ 0, finite times with 0 ≤ t_x ≤ T{(forFit ? " and T > 0" : string.Empty)}, and t_x = 0 when x = 0."));

    /// <summary>Refuses an impossible spend summary with <see cref="ChurnErrorCodes.SpendInvalid"/>, naming the field.</summary>
    public static void Spend(in SpendSummary customer, string field)
    {
        if (customer.Frequency < 0 || !double.IsFinite(customer.AverageValue) || customer.AverageValue < 0)
        {
            throw new CrmValidationException(
                ChurnErrorCodes.SpendInvalid,
                field,
                string.Create(CultureInfo.InvariantCulture, $"The spend at {field} (x = {customer.Frequency}, m = {customer.AverageValue}) is impossible: it needs x ≥ 0 and a finite mean value m ≥ 0."));
        }
    }

    /// <summary>Refuses the spend at <c>customers[index]</c>; the field's name is only built when it is refused.</summary>
    public static void Spend(in SpendSummary customer, int index)
    {
        if (customer.Frequency < 0 || !double.IsFinite(customer.AverageValue) || customer.AverageValue < 0)
        {
            Spend(customer, string.Create(CultureInfo.InvariantCulture, $"customers[{index}]"));
        }
    }
}
