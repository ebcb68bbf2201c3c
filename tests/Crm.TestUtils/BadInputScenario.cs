using System.Reflection;
using Crm.Membership;
using Crm.Points;
using NodaTime;
using static Crm.TestUtils.Facts;

namespace Crm.TestUtils;

/// <summary>
/// Issue 20's randomized bad-input run, for every adapter: a seeded mix of good and malformed facts and commands (bad
/// amounts, bounds, dates, ids, replays with changed content, huge or wrong points, cancelled tokens) sent through the
/// public API of a CRM with points and membership. Each command is either refused with a <see cref="CrmException"/>
/// carrying a documented code (or cancelled) and the stores' state unchanged, or accepted with every invariant holding.
/// </summary>
public static class BadInputScenario
{
    public static readonly Instant Now = Instant.FromUtc(2026, 6, 1, 2, 0);

    /// <summary>Every code a package documents: the public constants of the <c>*ErrorCodes</c> classes.</summary>
    public static readonly IReadOnlySet<string> DocumentedCodes = new[] { typeof(CrmErrorCodes), typeof(PointsErrorCodes), typeof(MembershipErrorCodes) }
        .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>A CRM with points (1 per CNY) and membership (silver from 100.00 spent) on the given storage.</summary>
    public static TestCrm Create(Action<ICrmBuilder> storage) => TestCrm.Create(Now, b =>
    {
        storage(b);
        b.AddPoints(o => o.Rules = new EarnRules { PointsPerUnit = 1m })
            .AddMembership(o => o.Policy = new TierPolicy
            {
                Window = new CalendarYearWindow(),
                Tiers =
                [
                    new TierDefinition { Name = "green" },
                    new TierDefinition { Name = "silver", Thresholds = [new TierThreshold { Metric = TierMetric.NetSpend, Minimum = 100m }] },
                ],
            });
    });

    /// <summary>Runs <paramref name="steps"/> commands; returns <see langword="null"/> when every one held, else what went wrong.</summary>
    public static async Task<string?> RunAsync(TestCrm crm, int seed, int steps)
    {
        var random = new Random(seed);
        var run = $"bi{seed:x8}-{Guid.NewGuid():N}"[..24];
        var customers = Enumerable.Range(0, 3).Select(i => new CustomerId($"{run}-c{i}")).ToArray();
        var purchases = new List<Purchase>();
        var refunds = new List<Refund>();
        var points = crm.Get<PointsManager>();
        for (var step = 0; step < steps; step++)
        {
            var customer = customers[random.Next(customers.Length)];
            var at = Now - Duration.FromHours(random.Next(1, 24 * 90));
            var (what, command) = random.Next(12) switch
            {
                0 or 1 or 2 => ("purchase", (Func<CancellationToken, Task>)(async t => purchases.Add(await Recorded(crm.Manager, NewPurchase(run, step, customer, at, random), t)))),
                3 or 4 => Spoiled(crm.Manager, NewPurchase(run, step, customer, at, random), random),
                5 when purchases.Count > 0 => Replayed(crm.Manager, purchases[random.Next(purchases.Count)], random),
                6 when purchases.Count > 0 => Refunded(crm.Manager, purchases[random.Next(purchases.Count)], $"{run}-r{step}", random, refunds),
                7 when refunds.Count > 0 => ("refund replay changed", t => crm.Manager.RecordRefundAsync(ChangedRefund(refunds[random.Next(refunds.Count)], random), t)),
                8 => ("redeem", t => points.RedeemAsync(customer, new PointAmount(PointsValue(random)), Key(run, step, random), "a drink", t)),
                9 => ("adjust", t => points.AdjustAsync(customer, new PointAmount(PointsValue(random)), Key(run, step, random), "goodwill", "op-1", t)),
                _ => ("purchase", t => crm.Manager.RecordPurchaseAsync(NewPurchase(run, step, customer, at, random), t)),
            };

            // One command in eight runs with a cancelled token: refused, nothing written.
            var cancelled = random.Next(8) == 0;
            using var source = new CancellationTokenSource();
            if (cancelled)
            {
                await source.CancelAsync();
            }

            var before = await FingerprintAsync(crm, customers);
            try
            {
                await command(source.Token);
                if (cancelled)
                {
                    return $"step {step} ({what}) ran to the end with a cancelled token";
                }
            }
            catch (OperationCanceledException) when (cancelled)
            {
                if (await FingerprintAsync(crm, customers) != before)
                {
                    return $"step {step} ({what}) was cancelled but changed the stores";
                }

                continue;
            }
            catch (CrmException error)
            {
                if (!DocumentedCodes.Contains(error.ErrorCode))
                {
                    return $"step {step} ({what}) was refused with an undocumented code '{error.ErrorCode}': {error.Message}";
                }

                if (await FingerprintAsync(crm, customers) != before)
                {
                    return $"step {step} ({what}) was refused ({error.ErrorCode}) but changed the stores";
                }

                continue;
            }
            catch (Exception error)
            {
                return $"step {step} ({what}) threw {error.GetType().Name}, not a CrmException: {error.Message}";
            }

            if (await InvariantsAsync(crm, customers) is { } broken)
            {
                return $"step {step} ({what}) was accepted and broke an invariant: {broken}";
            }
        }

        return null;
    }

    private static async Task<Purchase> Recorded(CrmManager manager, Purchase purchase, CancellationToken token)
    {
        await manager.RecordPurchaseAsync(purchase, token);
        return purchase;
    }

    private static Purchase NewPurchase(string run, int step, CustomerId customer, Instant at, Random random)
    {
        var lines = Enumerable.Range(1, random.Next(1, 4))
            .Select(i => Line(i.ToString(System.Globalization.CultureInfo.InvariantCulture), random.Next(1, 5_000) / 100m, random.Next(1, 4), random.Next(2) == 0 ? "coffee" : "bakery"))
            .ToArray();
        var net = lines.Sum(l => l.UnitPrice.Amount * l.Quantity);
        var paid = random.Next(3) == 0 ? decimal.Round(net * random.Next(50, 101) / 100m, 2) : net;
        return Purchase($"{run}-p{step}", customer.Value, at, paid, lines);
    }

    /// <summary>A purchase broken in one way a till or an adversary could break it; each must be refused.</summary>
    private static (string, Func<CancellationToken, Task>) Spoiled(CrmManager manager, Purchase p, Random random)
    {
        var line = p.Lines[0];
        PurchaseLine WithLine(decimal? price = null, decimal? quantity = null, string? sku = null, Money? priceMoney = null) => new()
        {
            LineId = line.LineId,
            Sku = sku ?? line.Sku,
            Category = line.Category,
            Quantity = quantity ?? line.Quantity,
            UnitPrice = priceMoney ?? (price is { } v ? Cny(v) : line.UnitPrice),
        };
        Purchase With(PurchaseLine? newLine = null, Instant? at = null, string? id = null, decimal? paid = null, Money? paidMoney = null) => new()
        {
            Id = id ?? p.Id,
            CustomerId = p.CustomerId,
            StoreId = p.StoreId,
            Channel = p.Channel,
            OccurredAt = at ?? p.OccurredAt,
            Lines = newLine is null ? p.Lines : [newLine],
            PaidTotal = paidMoney ?? Cny(paid ?? 0m),
        };
        var (what, spoiled) = random.Next(12) switch
        {
            0 => ("a price of 1E20", With(WithLine(price: 100_000_000_000_000_000_000m))),
            1 => ("a price of 5E16", With(WithLine(price: 50_000_000_000_000_000m))),
            2 => ("a negative price", With(WithLine(price: -1m))),
            3 => ("a quantity of 1E-28", With(WithLine(quantity: 0.0000000000000000000000000001m))),
            4 => ("default(Instant)", With(at: default(Instant))),
            5 => ("Instant.MinValue", With(at: Instant.MinValue)),
            6 => ("a NUL in the id", With(id: p.Id + "\0")),
            7 => ("an id of 10,000 characters", With(id: new string('x', 10_000))),
            8 => ("a paid total above the lines", With(paid: p.Lines.Sum(l => l.UnitPrice.Amount * l.Quantity) + 0.01m)),
            9 => ("another currency", With(paidMoney: new Money(1m, Currency.USD))),
            10 => ("a price finer than a fen", With(WithLine(price: 1.001m))),
            _ => ("a lone surrogate in a SKU", With(WithLine(sku: "\ud800"))),
        };
        return ($"purchase with {what}", t => manager.RecordPurchaseAsync(spoiled, t));
    }

    /// <summary>The same purchase again (a replay) or its id with one field changed (refused).</summary>
    private static (string, Func<CancellationToken, Task>) Replayed(CrmManager manager, Purchase p, Random random)
    {
        if (random.Next(2) == 0)
        {
            return ("purchase replay", async t =>
            {
                var result = await manager.RecordPurchaseAsync(p, t);
                if (result.Status != RecordStatus.Replayed)
                {
                    throw new InvalidOperationException($"a replay of {p.Id} was {result.Status}");
                }
            });
        }

        var line = p.Lines[0];
        var changed = new PurchaseLine { LineId = line.LineId, Sku = line.Sku + "-other", Category = line.Category, Quantity = line.Quantity, UnitPrice = line.UnitPrice };
        var other = new Purchase
        {
            Id = p.Id,
            CustomerId = p.CustomerId,
            StoreId = random.Next(2) == 0 ? p.StoreId : "sh-999",
            Channel = p.Channel,
            OccurredAt = p.OccurredAt,
            Lines = [changed, .. p.Lines.Skip(1)],
            PaidTotal = p.PaidTotal,
        };
        return ("purchase replay changed", async t =>
        {
            await manager.RecordPurchaseAsync(other, t);
            throw new InvalidOperationException($"purchase {p.Id} sent again with another SKU was accepted");
        });
    }

    private static (string, Func<CancellationToken, Task>) Refunded(CrmManager manager, Purchase p, string id, Random random, List<Refund> refunds)
    {
        var refund = random.Next(3) switch
        {
            0 => RefundAmount(id, p.Id, p.OccurredAt + Duration.FromMinutes(5), random.Next(1, 3_000) / 100m),
            1 => RefundLines(id, p.Id, p.OccurredAt + Duration.FromMinutes(5), (p.Lines[0].LineId, random.Next(2) == 0 ? 1m : 0.0000000001m)),
            _ => RefundAmount(id, p.Id, p.OccurredAt + Duration.FromMinutes(5), 1_000_000_000m),
        };
        return ("refund", async t =>
        {
            await manager.RecordRefundAsync(refund, t);
            refunds.Add(refund);
        });
    }

    private static Refund ChangedRefund(Refund refund, Random random) => new()
    {
        Id = refund.Id,
        PurchaseId = refund.PurchaseId,
        OccurredAt = refund.OccurredAt + (random.Next(2) == 0 ? Duration.FromSeconds(1) : Duration.Zero),
        Amount = refund.Amount is { } a ? a + Cny(0.01m) : null,
        Lines = refund.Amount is null ? [new RefundLine { LineId = refund.Lines![0].LineId, Quantity = refund.Lines[0].Quantity + 1m }] : null,
    };

    private static long PointsValue(Random random) => random.Next(6) switch
    {
        0 => long.MaxValue,
        1 => long.MinValue,
        2 => 0,
        3 => -random.Next(1, 100),
        _ => random.Next(1, 100),
    };

    private static string Key(string run, int step, Random random) => random.Next(8) switch
    {
        0 => "k\0" + step,
        1 => " ",
        2 => new string('k', 201),
        _ => $"{run}-k{step}",
    };

    private static async Task<string> FingerprintAsync(TestCrm crm, IEnumerable<CustomerId> customers)
    {
        var state = new List<object?>();
        foreach (var customer in customers)
        {
            state.Add((await crm.Get<IActivityStore>().GetMetricsAsync(customer))?.ToString());
            state.Add(await crm.Get<IActivityStore>().GetEntriesAsync(customer, 0, 10_000));
            state.Add(await crm.Get<IPointsLedgerStore>().FindAsync(customer, includeLots: true));
            state.Add(await crm.Get<IPointsLedgerStore>().GetEntriesAsync(customer, null, 10_000));
            state.Add(await crm.Get<IMembershipStore>().FindAsync(customer));
        }

        return CrmJson.Serialize(state);
    }

    /// <summary>The books balance: metrics equal the journal, the points balance equals the ledger, and nothing is negative that may not be.</summary>
    private static async Task<string?> InvariantsAsync(TestCrm crm, IEnumerable<CustomerId> customers)
    {
        foreach (var customer in customers)
        {
            var journal = await crm.Get<IActivityStore>().GetEntriesAsync(customer, 0, 10_000);
            var metrics = await crm.Get<IActivityStore>().GetMetricsAsync(customer);
            if (metrics is null)
            {
                if (journal.Count > 0)
                {
                    return $"{customer} has a journal but no metrics";
                }

                continue;
            }

            var purchased = journal.Where(e => e.Kind == ActivityKind.Purchase).ToList();
            var net = purchased.Sum(e => e.Amount.Amount) - journal.Where(e => e.Kind == ActivityKind.Refund).Sum(e => e.Amount.Amount);
            if (metrics.NetSpend.Amount != net || metrics.PurchaseCount != purchased.Count || metrics.NetSpend.IsNegative)
            {
                return $"{customer}'s metrics {metrics} do not match the journal (net {net}, {purchased.Count} purchases)";
            }

            var account = await crm.Get<IPointsLedgerStore>().FindAsync(customer, includeLots: false);
            var ledger = await crm.Get<IPointsLedgerStore>().GetEntriesAsync(customer, null, 10_000);
            if (account is not null && account.Balance.Value != ledger.Sum(e => e.Points.Value))
            {
                return $"{customer}'s points balance {account.Balance} is not the sum of the ledger ({ledger.Sum(e => e.Points.Value)})";
            }

            if (purchased.Any(e => e.ContentHash is null))
            {
                return $"{customer} has a journal entry without a content hash";
            }
        }

        return null;
    }
}
