namespace Crm.Churn;

/// <summary>One customer's expected discounted value over a horizon, with its parts, as <see cref="GammaGammaModel.RankLifetimeValues"/> ranks it.</summary>
public sealed record CustomerLifetimeValue
{
    /// <summary>Gets the customer.</summary>
    public required CustomerId CustomerId { get; init; }

    /// <summary>Gets the 1-based rank, 1 for the highest <see cref="LifetimeValue"/>.</summary>
    public required int Rank { get; init; }

    /// <summary>Gets the expected discounted value over the horizon, in the currency of the purchase values.</summary>
    public required double LifetimeValue { get; init; }

    /// <summary>Gets the expected number of purchases over the whole horizon (not discounted).</summary>
    public required double ExpectedPurchases { get; init; }

    /// <summary>Gets the expected value per purchase from the Gamma-Gamma model.</summary>
    public required double ExpectedAverageValue { get; init; }

    /// <summary>Gets the probability that the customer is still alive at the end of observation.</summary>
    public required double ProbabilityAlive { get; init; }
}
