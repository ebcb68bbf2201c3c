using System.Globalization;
using Crm.Internal;
using NodaTime;

namespace Crm.Points.Internal;

/// <summary>
/// The ledger's arithmetic, pure: which lots a spend takes, the entries and the account after a credit, a debit, a
/// reversal or an expiry. <see cref="PointsManager"/> reads, calls these and writes; nothing here touches a store.
/// </summary>
internal static class LedgerMath
{
    /// <summary>What a customer owes as a negative balance not yet earned back.</summary>
    public static long NegativeOwed(PointsAccount account) => Math.Max(0, checked(account.LotPoints.Value - account.Balance.Value));

    /// <summary>Whether a lot's points can be taken now: some remain, not expired, and (unless pending ones count) available.</summary>
    public static bool Spendable(PointsLot lot, Instant now, bool includePending) =>
        lot.Remaining.Value > 0 && (lot.ExpiresAt is not { } expires || expires > now) && (includePending || lot.AvailableAt <= now);

    /// <summary>The points a customer can spend now: the spendable lots less what a negative balance owes.</summary>
    public static long Available(PointsAccount account, Instant now)
    {
        var spendable = 0L;
        foreach (var lot in account.Lots)
        {
            if (Spendable(lot, now, includePending: false))
            {
                spendable = checked(spendable + lot.Remaining.Value);
            }
        }

        return spendable - NegativeOwed(account);
    }

    /// <summary>Takes up to <paramref name="amount"/> points from the lots that expire first (never-expiring last, then the oldest, then by id); adds the changed lots to <paramref name="changed"/>.</summary>
    /// <returns>The points taken.</returns>
    public static long Take(List<PointsLot> lots, long amount, Instant now, bool includePending, List<PointsLot> changed)
    {
        if (amount <= 0)
        {
            return 0;
        }

        lots.Sort(static (a, b) =>
        {
            var byExpiry = (a.ExpiresAt, b.ExpiresAt) switch
            {
                (null, null) => 0,
                (null, _) => 1,
                (_, null) => -1,
                ({ } x, { } y) => x.CompareTo(y),
            };
            return byExpiry != 0 ? byExpiry : a.EarnedAt != b.EarnedAt ? a.EarnedAt.CompareTo(b.EarnedAt) : string.CompareOrdinal(a.LotId, b.LotId);
        });
        var taken = 0L;
        foreach (var lot in lots)
        {
            if (taken == amount)
            {
                break;
            }

            if (!Spendable(lot, now, includePending))
            {
                continue;
            }

            var take = Math.Min(amount - taken, lot.Remaining.Value);
            changed.Add(lot with { Remaining = lot.Remaining - new PointAmount(take) });
            taken += take;
        }

        return taken;
    }

    /// <summary>Sums the points of the entries of one kind.</summary>
    public static PointAmount Sum(IReadOnlyList<PointsEntry> entries, PointsEntryKind kind)
    {
        var sum = 0L;
        foreach (var e in entries)
        {
            if (e.Kind == kind)
            {
                sum = checked(sum + e.Points.Value);
            }
        }

        return new PointAmount(sum);
    }

    /// <summary>A new entry numbered after the account's entries and the write's earlier ones.</summary>
    public static PointsEntry NewEntry(PointsAccount account, int index, string key, PointsEntryKind kind, long points, Instant at, Instant earnedAt, string reason, string? operatorId) => new()
    {
        CustomerId = account.CustomerId,
        Sequence = account.EntryCount + index + 1,
        Key = key,
        Kind = kind,
        Points = new PointAmount(points),
        OccurredAt = at,
        EarnedAt = earnedAt,
        Reason = reason,
        OperatorId = operatorId,
    };

    /// <summary>A write that credits points into a new lot (the write's key is the lot's id), settling what the customer owes first.</summary>
    public static PointsWrite Credit(PointsAccount account, string key, PointsEntryKind kind, PointAmount points, Instant earnedAt, Instant availableAt, Instant? expiresAt, string reason, string? operatorId, IReadOnlyDictionary<string, long> counters, CultureInfo culture)
    {
        var p = points.Value;
        var negative = Math.Min(p, NegativeOwed(account));
        var settled = Math.Min(p - negative, account.Debt.Value);
        var lotPoints = p - negative - settled;
        var entries = new PointsEntry[settled > 0 ? 2 : 1];
        entries[0] = NewEntry(account, 0, key, kind, p, earnedAt, earnedAt, reason, operatorId);
        if (settled > 0)
        {
            entries[1] = NewEntry(account, 1, key, PointsEntryKind.DebtSettled, -settled, earnedAt, earnedAt, TextCatalog.Package.Format(culture, "Ledger.DebtSettled", settled), operatorId);
        }

        IReadOnlyList<PointsLot> lots = p == 0
            ? []
            : [new PointsLot
            {
                LotId = key,
                EarnedAt = earnedAt,
                AvailableAt = availableAt,
                ExpiresAt = expiresAt,
                Points = new PointAmount(lotPoints),
                Remaining = new PointAmount(lotPoints),
                Awarded = points,
            }];
        return new PointsWrite
        {
            Key = key,
            ExpectedVersion = account.Version,
            Entries = entries,
            Lots = lots,
            Account = account with
            {
                EntryCount = account.EntryCount + entries.Length,
                Balance = new PointAmount(checked(account.Balance.Value + p - settled)),
                LotPoints = new PointAmount(checked(account.LotPoints.Value + lotPoints)),
                Debt = new PointAmount(account.Debt.Value - settled),
                Counters = counters,
                Lots = [],
            },
        };
    }

    /// <summary>A write that spends points from the lots that expire first; the account must hold its open lots and at least <paramref name="points"/> available.</summary>
    public static PointsWrite Debit(PointsAccount account, string key, PointsEntryKind kind, PointAmount points, Instant now, string reason, string? operatorId)
    {
        var changed = new List<PointsLot>(2);
        Take([.. account.Lots], points.Value, now, includePending: false, changed);
        return new PointsWrite
        {
            Key = key,
            ExpectedVersion = account.Version,
            Entries = [NewEntry(account, 0, key, kind, -points.Value, now, now, reason, operatorId)],
            Lots = changed,
            Account = account with
            {
                EntryCount = account.EntryCount + 1,
                Balance = account.Balance - points,
                LotPoints = account.LotPoints - points,
                Lots = [],
            },
        };
    }

    /// <summary>A write that expires the lots whose expiry is at or before <paramref name="asOf"/>, or <see langword="null"/> when none has points left.</summary>
    public static (PointsWrite Write, long Expired)? Expiry(PointsAccount account, Instant asOf, string key, CultureInfo culture)
    {
        var changed = new List<PointsLot>();
        var expired = 0L;
        foreach (var lot in account.Lots)
        {
            if (lot.Remaining.Value > 0 && lot.ExpiresAt is { } expires && expires <= asOf)
            {
                expired = checked(expired + lot.Remaining.Value);
                changed.Add(lot with { Remaining = PointAmount.Zero, Expired = lot.Expired + lot.Remaining });
            }
        }

        if (expired == 0)
        {
            return null;
        }

        var text = TextCatalog.Package.Format(culture, "Ledger.Expired", expired, changed.Count, asOf);
        var write = new PointsWrite
        {
            Key = key,
            ExpectedVersion = account.Version,
            Entries = [NewEntry(account, 0, key, PointsEntryKind.Expiry, -expired, asOf, asOf, text, null)],
            Lots = changed,
            Account = account with
            {
                EntryCount = account.EntryCount + 1,
                Balance = account.Balance - new PointAmount(expired),
                LotPoints = account.LotPoints - new PointAmount(expired),
                Lots = [],
            },
        };
        return (write, expired);
    }
}
