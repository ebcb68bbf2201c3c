using Crm.Membership;
using NodaTime;

namespace Crm.Samples.TillService.Contracts;

/// <summary>A new member, as the app or the till signs them up. Registering the same id again changes nothing.</summary>
public sealed class RegisterCustomerRequest
{
    public required string Id { get; init; }

    public string? Name { get; init; }

    public string? Phone { get; init; }

    public string? Email { get; init; }

    public LocalDate? Birthday { get; init; }

    public string? HomeStoreId { get; init; }

    public IReadOnlyList<string>? Tags { get; init; }

    internal CustomerProfile ToProfile(IClock clock) => new()
    {
        Id = TillIds.Customer(Id, "id"),
        JoinedAt = clock.GetCurrentInstant(),
        Name = Name,
        Phone = Phone,
        Email = Email,
        Birthday = Birthday,
        HomeStoreId = HomeStoreId,
        Tags = Tags ?? [],
    };
}

/// <summary>The registered member (without personal data); <see cref="IsReplay"/> when the id was registered before.</summary>
public sealed record CustomerResponse
{
    public required CustomerId CustomerId { get; init; }

    public required Instant JoinedAt { get; init; }

    public string? HomeStoreId { get; init; }

    public required IReadOnlyList<string> Tags { get; init; }

    public required bool IsReplay { get; init; }

    internal static CustomerResponse From(RegisterCustomerResult result) => new()
    {
        CustomerId = result.Profile.Id,
        JoinedAt = result.Profile.JoinedAt,
        HomeStoreId = result.Profile.HomeStoreId,
        Tags = result.Profile.Tags,
        IsReplay = result.IsReplay,
    };
}

/// <summary>The points balance: available now, pending, owed after refunds, and what expires soon.</summary>
public sealed record PointsResponse
{
    public required CustomerId CustomerId { get; init; }

    public required long Total { get; init; }

    public required long Available { get; init; }

    public required long Pending { get; init; }

    public required long Debt { get; init; }

    public required long ExpiringSoon { get; init; }

    public required Instant ExpiringBy { get; init; }
}

/// <summary>The member's tier and how far they are from the next one.</summary>
public sealed record TierResponse
{
    public required CustomerId CustomerId { get; init; }

    public required string Tier { get; init; }

    public required int Rank { get; init; }

    public required decimal PointsMultiplier { get; init; }

    /// <summary>Gets the progress to the next tier; absent at the top of the ladder.</summary>
    public TierProgressView? Progress { get; init; }
}

/// <summary>Progress to the next tier, threshold by threshold (money in currency units).</summary>
public sealed record TierProgressView
{
    public required string NextTier { get; init; }

    public required ThresholdMatch Match { get; init; }

    public required IReadOnlyList<ThresholdProgress> Thresholds { get; init; }

    public LocalDate? Deadline { get; init; }

    public required string Message { get; init; }

    internal static TierProgressView? From(TierProgress? progress) => progress is null
        ? null
        : new TierProgressView { NextTier = progress.NextTier, Match = progress.Match, Thresholds = progress.Thresholds, Deadline = progress.Deadline, Message = progress.Message };
}

/// <summary>
/// The customer card the till shows: from Crm.Feedback's <c>GetCustomerCardAsync</c> when it is installed
/// (<see cref="Source"/> <c>feedback</c>: satisfaction, open tickets and notes too), else from the core packages
/// (<c>core</c>: metrics, tier, points, segments).
/// </summary>
public sealed record CustomerCardResponse
{
    public required CustomerId CustomerId { get; init; }

    public required string Source { get; init; }

    public string? Name { get; init; }

    public Instant? FirstPurchaseAt { get; init; }

    public Instant? LastPurchaseAt { get; init; }

    public required Money TotalSpend { get; init; }

    public required int PurchaseCount { get; init; }

    public double? PurchasesPerMonth { get; init; }

    public string? FavouriteCategory { get; init; }

    public string? Tier { get; init; }

    public long? PointsAvailable { get; init; }

    public required IReadOnlyCollection<string> Segments { get; init; }

    public int? LatestNps { get; init; }

    public int? LatestCsat { get; init; }

    public double? Satisfaction { get; init; }

    public int? OpenTickets { get; init; }

    public IReadOnlyList<string>? Notes { get; init; }
}
