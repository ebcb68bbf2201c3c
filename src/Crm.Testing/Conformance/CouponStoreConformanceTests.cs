using Crm.Coupons;
using Crm.Testing.Fakes;
using NodaTime;
using Xunit;

namespace Crm.Testing.Conformance;

/// <summary>
/// Checks that an <see cref="ICouponStore"/> keeps every promise of its documentation, including exactly-once
/// redemption under 100 concurrent confirms. Derive it in the adapter's test project and override <see cref="CreateStoreAsync"/>.
/// </summary>
public abstract class CouponStoreConformanceTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 6, 1, 2, 0);

    /// <summary>Creates the store under test. It may share its database with other tests.</summary>
    /// <returns>The store.</returns>
    protected abstract Task<ICouponStore> CreateStoreAsync();

    /// <summary>
    /// Every method called with a token cancelled before the call throws <see cref="OperationCanceledException"/> and writes
    /// nothing: a host that gave up on a call must not find it done.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task EveryMethod_TokenCancelled_ThrowsCanceledAndWritesNothing()
    {
        var store = await CreateStoreAsync();

        await new StoreCalls().AssertEveryMethodThrowsAndWritesNothingAsync(store);
    }

    /// <summary>An issued coupon is stored at version 1, counted as issued, and reads back field by field.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Issue_New_StoresVersionOneAndCountsIt()
    {
        var store = await CreateStoreAsync();
        var template = NewTemplateId();
        var coupon = NewCoupon(ActivityEntries.NewCustomerId(), template);

        var result = await store.IssueAsync(coupon, CouponIssueLimits.None);

        Assert.Equal(CouponStoreIssueStatus.Issued, result.Status);
        Assert.Equal(coupon with { Version = 1 }, result.Coupon);
        Assert.Equal(coupon with { Version = 1 }, await store.FindAsync(coupon.Id));
        Assert.Equal(new CouponUsage(template, 1, 0), await store.GetUsageAsync(template));
    }

    /// <summary>Issuing again with the same issue key returns the earlier coupon and writes nothing.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Issue_SameIssueKey_ReturnsEarlierAndWritesNothing()
    {
        var store = await CreateStoreAsync();
        var template = NewTemplateId();
        var customer = ActivityEntries.NewCustomerId();
        var first = NewCoupon(customer, template);
        await store.IssueAsync(first, CouponIssueLimits.None);

        var again = await store.IssueAsync(NewCoupon(customer, template) with { IssueKey = first.IssueKey }, CouponIssueLimits.None);

        Assert.Equal(CouponStoreIssueStatus.Replayed, again.Status);
        Assert.Equal(first.Id, again.Coupon!.Id);
        Assert.Single(await store.ListByCustomerAsync(customer));
        Assert.Equal(1, (await store.GetUsageAsync(template)).Issued);
    }

    /// <summary>The issue budget and the per-customer cap in a period are checked, and a refusal writes nothing.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Issue_BudgetAndCustomerCap_RefuseAndWriteNothing()
    {
        var store = await CreateStoreAsync();
        var template = NewTemplateId();
        var alice = ActivityEntries.NewCustomerId();
        var bob = ActivityEntries.NewCustomerId();
        var june = new CouponIssueLimits(3, 1, T0 - Duration.FromHours(1), T0 + Duration.FromDays(29));

        Assert.Equal(CouponStoreIssueStatus.Issued, (await store.IssueAsync(NewCoupon(alice, template), june)).Status);
        Assert.Equal(CouponStoreIssueStatus.CustomerCapReached, (await store.IssueAsync(NewCoupon(alice, template), june)).Status);
        Assert.Equal(CouponStoreIssueStatus.Issued, (await store.IssueAsync(NewCoupon(alice, template) with { IssuedAt = T0 + Duration.FromDays(30) }, june with { PeriodStart = T0 + Duration.FromDays(29), PeriodEnd = null })).Status);
        Assert.Equal(CouponStoreIssueStatus.Issued, (await store.IssueAsync(NewCoupon(bob, template), june)).Status);
        Assert.Equal(CouponStoreIssueStatus.BudgetExhausted, (await store.IssueAsync(NewCoupon(ActivityEntries.NewCustomerId(), template), june)).Status);

        Assert.Equal(2, (await store.ListByCustomerAsync(alice)).Count);
        Assert.Equal(3, (await store.GetUsageAsync(template)).Issued);
    }

    /// <summary>Unknown ids, customers and templates give null, empty and zeros.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Queries_Unknown_ReturnNullEmptyOrZero()
    {
        var store = await CreateStoreAsync();

        Assert.Null(await store.FindAsync("NOSUCHCOUPON" + Guid.NewGuid().ToString("N")));
        Assert.Empty(await store.ListByCustomerAsync(ActivityEntries.NewCustomerId()));
        Assert.Empty(await store.ListByKeyAsync(ActivityEntries.NewCustomerId(), ActivityEntries.NewId("p")));
        var template = NewTemplateId();
        Assert.Equal(new CouponUsage(template, 0, 0), await store.GetUsageAsync(template));
    }

    /// <summary>A customer's coupons are listed by issue instant, then id.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task ListByCustomer_OrdersByIssuedAtThenId()
    {
        var store = await CreateStoreAsync();
        var customer = ActivityEntries.NewCustomerId();
        var template = NewTemplateId();
        var late = NewCoupon(customer, template) with { IssuedAt = T0 + Duration.FromHours(1) };
        var earlyB = NewCoupon(customer, template) with { Id = "B" + Guid.NewGuid().ToString("N") };
        var earlyA = NewCoupon(customer, template) with { Id = "A" + Guid.NewGuid().ToString("N") };
        foreach (var coupon in new[] { late, earlyB, earlyA })
        {
            await store.IssueAsync(coupon, CouponIssueLimits.None);
        }

        Assert.Equal([earlyA.Id, earlyB.Id, late.Id], (await store.ListByCustomerAsync(customer)).Select(c => c.Id));
    }

    /// <summary>
    /// The coupons of a customer reserved or redeemed under a key: those whose reservation key or redemption key is the key,
    /// ordered by id (ordinal, upper case before lower case); not the customer's other coupons, nor another customer's under
    /// the same key.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task ListByKey_ReturnsTheCustomersCouponsReservedOrRedeemedUnderIt_ById()
    {
        var store = await CreateStoreAsync();
        var customer = ActivityEntries.NewCustomerId();
        var other = ActivityEntries.NewCustomerId();
        var template = NewTemplateId();
        var key = ActivityEntries.NewId("p");
        var suffix = Guid.NewGuid().ToString("N");
        var reserved = NewCoupon(customer, template) with { Id = "b-" + suffix, Status = CouponStatus.Reserved, ReservationKey = key, ReservedUntil = T0 + Duration.FromMinutes(15) };
        var redeemed = NewCoupon(customer, template) with { Id = "B-" + suffix, Status = CouponStatus.Redeemed, RedemptionKey = key, RedeemedAt = T0 };
        var redeemedAfterAnotherReservation = NewCoupon(customer, template) with { Id = "a-" + suffix, Status = CouponStatus.Redeemed, ReservationKey = "elsewhere", RedemptionKey = key, RedeemedAt = T0 };
        var active = NewCoupon(customer, template) with { Id = "A-" + suffix };
        var reservedElsewhere = NewCoupon(customer, template) with { Status = CouponStatus.Reserved, ReservationKey = key + "-2", ReservedUntil = T0 + Duration.FromMinutes(15) };
        var othersCoupon = NewCoupon(other, template) with { Status = CouponStatus.Reserved, ReservationKey = key, ReservedUntil = T0 + Duration.FromMinutes(15) };
        foreach (var coupon in new[] { reserved, redeemed, redeemedAfterAnotherReservation, active, reservedElsewhere, othersCoupon })
        {
            await store.IssueAsync(coupon, CouponIssueLimits.None);
        }

        var listed = await store.ListByKeyAsync(customer, key);

        Assert.Equal([redeemed.Id, redeemedAfterAnotherReservation.Id, reserved.Id], listed.Select(c => c.Id));
        Assert.Equal(redeemed with { Version = 1 }, listed[0]);
        Assert.Equal([othersCoupon.Id], (await store.ListByKeyAsync(other, key)).Select(c => c.Id));
        Assert.Empty(await store.ListByKeyAsync(customer, ActivityEntries.NewId("p")));
        Assert.Empty(await store.ListByKeyAsync(ActivityEntries.NewCustomerId(), key));
    }

    /// <summary>
    /// Customer ids compare ordinally (case-sensitive): customers whose ids differ only in case are different customers, and
    /// neither's listings (the wallet, the coupons under a checkout key the front door confirms) hold the other's coupons.
    /// The manager checks the holder again, but an adapter that folded case would show one customer another's wallet.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Listings_CustomerIdsDifferingOnlyInCase_AreDifferentCustomers()
    {
        var store = await CreateStoreAsync();
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var lower = new CustomerId("case-" + suffix + "-ab");
        var upper = new CustomerId("CASE-" + suffix + "-AB");
        var template = NewTemplateId();
        var key = ActivityEntries.NewId("p");
        var lowers = NewCoupon(lower, template) with { Status = CouponStatus.Reserved, ReservationKey = key, ReservedUntil = T0 + Duration.FromMinutes(15) };
        var uppers = NewCoupon(upper, template) with { Status = CouponStatus.Reserved, ReservationKey = key, ReservedUntil = T0 + Duration.FromMinutes(15) };
        await store.IssueAsync(lowers, CouponIssueLimits.None);
        await store.IssueAsync(uppers, CouponIssueLimits.None);

        Assert.Equal([lowers.Id], (await store.ListByCustomerAsync(lower)).Select(c => c.Id));
        Assert.Equal([uppers.Id], (await store.ListByCustomerAsync(upper)).Select(c => c.Id));
        Assert.Equal([lowers.Id], (await store.ListByKeyAsync(lower, key)).Select(c => c.Id));
        Assert.Equal([uppers.Id], (await store.ListByKeyAsync(upper, key)).Select(c => c.Id));
        Assert.Equal(upper, (await store.FindAsync(uppers.Id))!.CustomerId);
        Assert.Equal(CouponStoreIssueStatus.Issued, (await store.IssueAsync(NewCoupon(upper, template), new CouponIssueLimits(null, 2, null, null))).Status);
    }

    /// <summary>A coupon reserved under a key by an update is listed under it, and no longer once the reservation is released.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task ListByKey_FollowsUpdates()
    {
        var store = await CreateStoreAsync();
        var customer = ActivityEntries.NewCustomerId();
        var key = ActivityEntries.NewId("p");
        var coupon = (await store.IssueAsync(NewCoupon(customer, NewTemplateId()), CouponIssueLimits.None)).Coupon!;
        Assert.Empty(await store.ListByKeyAsync(customer, key));

        var reserved = await store.UpdateAsync(coupon with { Status = CouponStatus.Reserved, ReservationKey = key, ReservedUntil = T0 + Duration.FromMinutes(15) }, 1, 0, null);
        Assert.NotNull(reserved);
        Assert.Equal([reserved], await store.ListByKeyAsync(customer, key));

        await store.UpdateAsync(reserved with { Status = CouponStatus.Active, ReservationKey = null, ReservedUntil = null }, 2, 0, null);
        Assert.Empty(await store.ListByKeyAsync(customer, key));
    }

    /// <summary>An update with the read version stores every changed field at the next version; nulls read back as nulls.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Update_ExpectedVersion_SavesEveryField()
    {
        var store = await CreateStoreAsync();
        var coupon = (await store.IssueAsync(NewCoupon(ActivityEntries.NewCustomerId(), NewTemplateId()), CouponIssueLimits.None)).Coupon!;
        var reserved = coupon with { Status = CouponStatus.Reserved, ReservationKey = "p-1", ReservedUntil = T0 + Duration.FromMinutes(15) };

        var saved = await store.UpdateAsync(reserved, 1, 0, null);
        var redeemed = await store.UpdateAsync(reserved with { Status = CouponStatus.Redeemed, ReservationKey = null, ReservedUntil = null, RedemptionKey = "p-1", RedeemedAt = T0 }, 2, 1, null);

        Assert.Equal(reserved with { Version = 2 }, saved);
        Assert.Equal(redeemed, await store.FindAsync(coupon.Id));
        Assert.Equal(3, redeemed!.Version);
        Assert.Null(redeemed.ReservationKey);
        Assert.Equal(1, (await store.GetUsageAsync(coupon.TemplateId)).Redeemed);
    }

    /// <summary>A stale version, or a coupon that does not exist, throws and writes nothing.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Update_StaleVersion_ThrowsConcurrencyAndWritesNothing()
    {
        var store = await CreateStoreAsync();
        var coupon = (await store.IssueAsync(NewCoupon(ActivityEntries.NewCustomerId(), NewTemplateId()), CouponIssueLimits.None)).Coupon!;

        await Assert.ThrowsAsync<CrmConcurrencyException>(() => store.UpdateAsync(coupon with { Status = CouponStatus.Redeemed }, 2, 1, null));
        await Assert.ThrowsAsync<CrmConcurrencyException>(() => store.UpdateAsync(NewCoupon(ActivityEntries.NewCustomerId(), NewTemplateId()), 1, 0, null));

        Assert.Equal(coupon, await store.FindAsync(coupon.Id));
        Assert.Equal(0, (await store.GetUsageAsync(coupon.TemplateId)).Redeemed);
    }

    /// <summary>A redemption beyond the redeemed budget returns null and writes nothing; a restore (−1) makes room again.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Update_RedeemedBudget_RefusesThenRestoreMakesRoom()
    {
        var store = await CreateStoreAsync();
        var template = NewTemplateId();
        var customer = ActivityEntries.NewCustomerId();
        var a = (await store.IssueAsync(NewCoupon(customer, template), CouponIssueLimits.None)).Coupon!;
        var b = (await store.IssueAsync(NewCoupon(customer, template), CouponIssueLimits.None)).Coupon!;

        var redeemedA = await store.UpdateAsync(a with { Status = CouponStatus.Redeemed, RedemptionKey = "p-a" }, 1, 1, new CouponBudgetCheck(1, T0));
        var refusedB = await store.UpdateAsync(b with { Status = CouponStatus.Redeemed, RedemptionKey = "p-b" }, 1, 1, new CouponBudgetCheck(1, T0));
        Assert.NotNull(redeemedA);
        Assert.Null(refusedB);
        Assert.Equal(b, await store.FindAsync(b.Id));

        await store.UpdateAsync(redeemedA with { Status = CouponStatus.Active, RedemptionKey = null }, 2, -1, null);
        Assert.NotNull(await store.UpdateAsync(b with { Status = CouponStatus.Redeemed, RedemptionKey = "p-b" }, 1, 1, new CouponBudgetCheck(1, T0)));
        Assert.Equal(1, (await store.GetUsageAsync(template)).Redeemed);
    }

    /// <summary>Many writers with the same expected version: exactly one wins.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task ConcurrentUpdates_SameVersion_ExactlyOneWins()
    {
        var store = await CreateStoreAsync();
        var coupon = (await store.IssueAsync(NewCoupon(ActivityEntries.NewCustomerId(), NewTemplateId()), CouponIssueLimits.None)).Coupon!;

        var wins = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(async () =>
        {
            try
            {
                await store.UpdateAsync(coupon with { Status = CouponStatus.Redeemed, RedemptionKey = $"p-{i}" }, 1, 1, null);
                return true;
            }
            catch (CrmConcurrencyException)
            {
                return false;
            }
        })));

        Assert.Single(wins, w => w);
        Assert.Equal(1, (await store.GetUsageAsync(coupon.TemplateId)).Redeemed);
    }

    /// <summary>
    /// One single-use coupon confirmed from 100 tasks at once, each retrying on conflict the way <see cref="CouponManager"/> does
    /// (read, give up if redeemed, write with the read version): exactly one redeems it.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task ConcurrentConfirms_SingleUseCoupon_ExactlyOneSucceeds()
    {
        var store = await CreateStoreAsync();
        var coupon = (await store.IssueAsync(NewCoupon(ActivityEntries.NewCustomerId(), NewTemplateId()), CouponIssueLimits.None)).Coupon!;

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(async () =>
        {
            while (true)
            {
                var current = (await store.FindAsync(coupon.Id))!;
                if (current.Status == CouponStatus.Redeemed)
                {
                    return current.RedemptionKey == $"p-{i}";
                }

                try
                {
                    await store.UpdateAsync(current with { Status = CouponStatus.Redeemed, RedemptionKey = $"p-{i}", RedeemedAt = T0 }, current.Version, 1, new CouponBudgetCheck(1, T0));
                    return true;
                }
                catch (CrmConcurrencyException)
                {
                    // Lost the race: read again.
                }
            }
        })));

        Assert.Single(results, r => r);
        var final = (await store.FindAsync(coupon.Id))!;
        Assert.Equal(CouponStatus.Redeemed, final.Status);
        Assert.Equal(2, final.Version);
        Assert.Equal(1, (await store.GetUsageAsync(coupon.TemplateId)).Redeemed);
    }

    /// <summary>Many issues at once against a budget of 5 and a cap of 1 per customer: the limits hold exactly.</summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task ConcurrentIssues_Budget_NeverExceeded()
    {
        var store = await CreateStoreAsync();
        var template = NewTemplateId();
        var customers = Enumerable.Range(0, 10).Select(_ => ActivityEntries.NewCustomerId()).ToArray();

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            store.IssueAsync(NewCoupon(customers[i % 10], template), new CouponIssueLimits(5, 1, null, null)))));

        Assert.Equal(5, results.Count(r => r.Status == CouponStoreIssueStatus.Issued));
        Assert.Equal(5, (await store.GetUsageAsync(template)).Issued);
        foreach (var customer in customers)
        {
            Assert.True((await store.ListByCustomerAsync(customer)).Count <= 1);
        }
    }

    /// <summary>
    /// 40 different coupons of one template with a redemption budget of 7 take a place at once, half reserved for a
    /// checkout and half redeemed outright, each with the budget check: exactly 7 writes succeed, the refused coupons are
    /// unchanged, and the usage shows 7 places held. A store that counts and then writes in two steps lets more through.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task ConcurrentPlaces_RedemptionBudget_ExactlyBudgetSucceed()
    {
        var store = await CreateStoreAsync();
        var template = NewTemplateId();
        var coupons = new List<Coupon>();
        for (var i = 0; i < 40; i++)
        {
            coupons.Add((await store.IssueAsync(NewCoupon(ActivityEntries.NewCustomerId(), template), CouponIssueLimits.None)).Coupon!);
        }

        var budget = new CouponBudgetCheck(7, T0);
        var results = await Task.WhenAll(coupons.Select((c, i) => Task.Run(() => i % 2 == 0
            ? store.UpdateAsync(Reserved(c, $"checkout-{i}", T0 + Duration.FromMinutes(15)), 1, 0, budget)
            : store.UpdateAsync(c with { Status = CouponStatus.Redeemed, RedemptionKey = $"p-{i}", RedeemedAt = T0 }, 1, 1, budget))));

        Assert.Equal(7, results.Count(r => r is not null));
        var usage = await store.GetUsageAtAsync(template, T0);
        Assert.Equal(7, usage.Held);
        Assert.Equal(results.Where((r, i) => r is not null && i % 2 == 1).Count(), usage.Redeemed);
        for (var i = 0; i < coupons.Count; i++)
        {
            if (results[i] is null)
            {
                Assert.Equal(coupons[i], await store.FindAsync(coupons[i].Id));
            }
        }
    }

    /// <summary>
    /// A budget of 1 held by a reservation until T0+15 min: another coupon cannot take a place at T0+14 min; at T0+15 min the
    /// reservation has lapsed (it is not after its end), so it takes it with no job having run. Reservations are counted at
    /// the instant asked for.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task RedemptionBudget_LapsedReservation_FreesItsPlace()
    {
        var store = await CreateStoreAsync();
        var template = NewTemplateId();
        var a = (await store.IssueAsync(NewCoupon(ActivityEntries.NewCustomerId(), template), CouponIssueLimits.None)).Coupon!;
        var b = (await store.IssueAsync(NewCoupon(ActivityEntries.NewCustomerId(), template), CouponIssueLimits.None)).Coupon!;
        var end = T0 + Duration.FromMinutes(15);

        Assert.NotNull(await store.UpdateAsync(Reserved(a, "checkout-a", end), 1, 0, new CouponBudgetCheck(1, T0)));
        Assert.Null(await store.UpdateAsync(Reserved(b, "checkout-b", end + Duration.FromMinutes(14)), 1, 0, new CouponBudgetCheck(1, T0 + Duration.FromMinutes(14))));
        Assert.Equal(new CouponUsage(template, 2, 0) { Reserved = 1 }, await store.GetUsageAtAsync(template, T0 + Duration.FromMinutes(14)));
        Assert.Equal(new CouponUsage(template, 2, 0) { Reserved = 0 }, await store.GetUsageAtAsync(template, end));

        Assert.NotNull(await store.UpdateAsync(Reserved(b, "checkout-b", end + Duration.FromMinutes(15)), 1, 0, new CouponBudgetCheck(1, end)));
        Assert.Equal(1, (await store.GetUsageAtAsync(template, end)).Reserved);
    }

    /// <summary>
    /// With a budget of 1: a reservation confirmed (redeemed +1, no new place) moves from reserved to redeemed and is counted
    /// once; a reservation released moves back and frees its place. The usage shows each step.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task RedemptionBudget_ConfirmAndRelease_CountedOnce()
    {
        var store = await CreateStoreAsync();
        var template = NewTemplateId();
        var a = (await store.IssueAsync(NewCoupon(ActivityEntries.NewCustomerId(), template), CouponIssueLimits.None)).Coupon!;
        var b = (await store.IssueAsync(NewCoupon(ActivityEntries.NewCustomerId(), template), CouponIssueLimits.None)).Coupon!;
        var end = T0 + Duration.FromMinutes(15);

        var reservedB = await store.UpdateAsync(Reserved(b, "checkout-b", end), 1, 0, new CouponBudgetCheck(1, T0));
        Assert.Equal(new CouponUsage(template, 2, 0) { Reserved = 1 }, await store.GetUsageAtAsync(template, T0));
        await store.UpdateAsync(reservedB! with { Status = CouponStatus.Active, ReservationKey = null, ReservedUntil = null }, 2, 0, null);
        Assert.Equal(new CouponUsage(template, 2, 0) { Reserved = 0 }, await store.GetUsageAtAsync(template, T0));

        var reservedA = await store.UpdateAsync(Reserved(a, "checkout-a", end), 1, 0, new CouponBudgetCheck(1, T0));
        Assert.NotNull(reservedA);
        await store.UpdateAsync(reservedA! with { Status = CouponStatus.Redeemed, ReservationKey = null, ReservedUntil = null, RedemptionKey = "checkout-a", RedeemedAt = T0 }, 2, 1, null);
        Assert.Equal(new CouponUsage(template, 2, 1) { Reserved = 0 }, await store.GetUsageAtAsync(template, T0));
        Assert.Null(await store.UpdateAsync(Reserved(b, "checkout-b", end), 3, 0, new CouponBudgetCheck(1, T0)));
    }

    /// <summary>
    /// An update writes the status, the validity window (a next-order coupon taken back ends at the refund), the
    /// reservation and the redemption.
    /// </summary>
    /// <returns>A task.</returns>
    [ConformanceFact]
    public virtual async Task Update_WritesStatusValidityReservationAndRedemption()
    {
        var store = await CreateStoreAsync();
        var coupon = (await store.IssueAsync(NewCoupon(ActivityEntries.NewCustomerId(), NewTemplateId()), CouponIssueLimits.None)).Coupon!;
        var changed = coupon with
        {
            ValidFrom = T0 + Duration.FromHours(1),
            ValidTo = T0 + Duration.FromHours(2),
            Status = CouponStatus.Reserved,
            ReservationKey = "checkout",
            ReservedUntil = T0 + Duration.FromMinutes(15),
        };

        var saved = await store.UpdateAsync(changed, 1, 0, null);

        var expected = changed with { Version = 2 };
        Assert.Equal(expected, saved);
        Assert.Equal(expected, await store.FindAsync(coupon.Id));
    }

    private static Coupon Reserved(Coupon coupon, string key, Instant until) =>
        coupon with { Status = CouponStatus.Reserved, ReservationKey = key, ReservedUntil = until };

    private static string NewTemplateId() => "t-" + Guid.NewGuid().ToString("N");

    private static Coupon NewCoupon(CustomerId customer, string template) => new()
    {
        Id = Guid.NewGuid().ToString("N").ToUpperInvariant(),
        TemplateId = template,
        CustomerId = customer,
        Reason = CouponIssueReason.Campaign,
        IssueKey = "issue-" + Guid.NewGuid().ToString("N"),
        IssuedAt = T0,
        ValidFrom = T0,
        ValidTo = T0 + Duration.FromDays(30),
    };
}
