using Microsoft.Extensions.DependencyInjection;
using Crm.TestUtils;
using NodaTime;
using static Crm.TestUtils.Facts;

namespace Crm.Core.Tests;

public sealed class CrmManagerTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 5, 20, 8, 0);

    [Fact]
    public async Task RecordPurchase_New_UpdatesMetrics()
    {
        using var crm = TestCrm.Create();

        var result = await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", At, Line("1", 18m, 2m, "coffee"), Line("2", 9.9m, 1m, "bakery", discount: 1m)));

        result.Status.Should().Be(RecordStatus.Recorded);
        result.Entry.Sequence.Should().Be(1);
        result.Entry.PurchaseMonth.Should().Be(new YearMonth(2026, 5));
        result.Metrics.NetSpend.Should().Be(Cny(44.90m));
        result.Metrics.Categories.Should().Equal(new CategorySpend("bakery", Cny(8.90m)), new CategorySpend("coffee", Cny(36m)));
        result.Metrics.FirstPurchaseAt.Should().Be(At);
    }

    [Fact]
    public async Task RecordPurchase_SameIdTwice_ChangesNothingAndSaysSo()
    {
        using var crm = TestCrm.Create();
        var purchase = Purchase("p-1", "c-1", At, Line("1", 18m));
        var first = await crm.Manager.RecordPurchaseAsync(purchase);
        var journalBefore = await crm.Manager.GetJournalAsync(new CustomerId("c-1"));

        var again = await crm.Manager.RecordPurchaseAsync(purchase);

        again.Status.Should().Be(RecordStatus.Replayed);
        again.IsReplay.Should().BeTrue();
        again.Metrics.Should().Be(first.Metrics);
        (await crm.Manager.GetJournalAsync(new CustomerId("c-1"))).Should().BeEquivalentTo(journalBefore);
    }

    [Fact]
    public async Task RecordPurchase_SameIdDifferentContent_IsRejected()
    {
        using var crm = TestCrm.Create();
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", At, Line("1", 18m)));

        var act = () => crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-2", At, Line("1", 18m)));

        (await act.Should().ThrowAsync<CrmValidationException>()).Which.ErrorCode.Should().Be(CrmErrorCodes.PurchaseIdReused);
        (await crm.Activity.GetMetricsAsync(new CustomerId("c-2"))).Should().BeNull();
    }

    [Fact]
    public async Task RecordPurchase_RunsHandlersInOrder_AndAgainOnReplay()
    {
        var log = new List<string>();
        using var crm = TestCrm.Create(configure: b =>
        {
            b.Services.AddSingleton(log);
            b.AddPurchaseHandler<HostHandler>().AddPurchaseHandler<PointsLikeHandler>();
        });
        var purchase = Purchase("p-1", "c-1", At, Line("1", 18m));

        var first = await crm.Manager.RecordPurchaseAsync(purchase);
        await crm.Manager.RecordPurchaseAsync(purchase);

        log.Should().Equal("points:False", "host:False", "points:True", "host:True");
        first.GetOutcome<string>().Should().Be("points outcome");
        first.Outcomes.Should().HaveCount(2);
    }

    [Fact]
    public async Task RecordPurchase_HandlerFails_LeavesNothingAndTheRetryRecordsItAsNew()
    {
        using var crm = TestCrm.Create(configure: b => b.AddPurchaseHandler<FailOnceHandler>());
        var purchase = Purchase("p-1", "c-1", At, Line("1", 18m));

        var act = () => crm.Manager.RecordPurchaseAsync(purchase);
        await act.Should().ThrowAsync<InvalidOperationException>();
        (await crm.Activity.GetMetricsAsync(new CustomerId("c-1"))).Should().BeNull();
        (await crm.Activity.FindEntryAsync(ActivityKind.Purchase, "p-1")).Should().BeNull();
        var retried = await crm.Manager.RecordPurchaseAsync(purchase);

        retried.Status.Should().Be(RecordStatus.Recorded);
        retried.Entry.Sequence.Should().Be(1);
        retried.Metrics.PurchaseCount.Should().Be(1);
        retried.GetOutcome<string>().Should().Be("handled");
    }

    [Fact]
    public async Task RegisterCustomer_TwiceWithSameId_ReturnsFirst()
    {
        using var crm = TestCrm.Create();
        var profile = new CustomerProfile { Id = new CustomerId("c-1"), JoinedAt = At, Name = "Han Meimei", Tags = ["vip", "tea", "vip"] };

        var first = await crm.Manager.RegisterCustomerAsync(profile);
        var second = await crm.Manager.RegisterCustomerAsync(profile with { Name = "Other" });

        first.IsReplay.Should().BeFalse();
        first.Profile.Tags.Should().Equal("tea", "vip");
        second.IsReplay.Should().BeTrue();
        second.Profile.Name.Should().Be("Han Meimei");
    }

    [Fact]
    public async Task UpdateCustomer_ChangesProfile_AndNoOpChangeWritesNothing()
    {
        using var crm = TestCrm.Create();
        var id = new CustomerId("c-1");
        await crm.Manager.RegisterCustomerAsync(new CustomerProfile { Id = id, JoinedAt = At });

        var updated = await crm.Manager.UpdateCustomerAsync(id, p => p with { Birthday = new LocalDate(1996, 2, 29) });
        var unchanged = await crm.Manager.UpdateCustomerAsync(id, p => p with { Tags = [] });

        updated.Version.Should().Be(2);
        updated.Birthday.Should().Be(new LocalDate(1996, 2, 29));
        unchanged.Version.Should().Be(2);
    }

    [Fact]
    public async Task UpdateCustomer_Unknown_ThrowsNotFound()
    {
        using var crm = TestCrm.Create();

        var act = () => crm.Manager.UpdateCustomerAsync(new CustomerId("nobody"), p => p);

        (await act.Should().ThrowAsync<CrmValidationException>()).Which.ErrorCode.Should().Be(CrmErrorCodes.CustomerNotFound);
    }

    [Fact]
    public async Task UpdateCustomer_ParallelChanges_AllApplied()
    {
        using var crm = TestCrm.Create(options: o => o.MaxConcurrencyRetries = 100);
        var id = new CustomerId("c-1");
        await crm.Manager.RegisterCustomerAsync(new CustomerProfile { Id = id, JoinedAt = At });

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => crm.Manager.UpdateCustomerAsync(id, p => p with { Tags = [.. p.Tags, $"t{i:D2}"] }))));

        var profile = await crm.Manager.GetCustomerAsync(id);
        profile!.Tags.Should().HaveCount(20);
        profile.Version.Should().Be(21);
    }

    [Fact]
    public async Task ErasePersonalData_ClearsOnlyPersonalFields_AndIsIdempotent()
    {
        using var crm = TestCrm.Create();
        var id = new CustomerId("c-1");
        await crm.Manager.RegisterCustomerAsync(new CustomerProfile
        {
            Id = id, JoinedAt = At, Name = "Li Lei", Phone = "138", Email = "l@x.cn", Birthday = new LocalDate(1990, 1, 2), HomeStoreId = "sh-1", Tags = ["tea"],
        });
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", "c-1", At, Line("1", 18m)));

        var erased = await crm.Manager.EraseCustomerPersonalDataAsync(id);
        crm.Clock.AdvanceDays(1);
        var again = await crm.Manager.EraseCustomerPersonalDataAsync(id);

        erased.Should().Match<CustomerProfile>(p => p.Name == null && p.Phone == null && p.Email == null && p.Birthday == null);
        erased.HomeStoreId.Should().Be("sh-1");
        erased.ErasedAt.Should().Be(crm.Clock.GetCurrentInstant() - Duration.FromDays(1));
        again.Version.Should().Be(erased.Version);
        (await crm.Manager.GetMetricsAsync(id)).PurchaseCount.Should().Be(1);
    }

    [Fact]
    public async Task GetMetrics_NothingRecorded_ReturnsEmpty()
    {
        using var crm = TestCrm.Create();

        var metrics = await crm.Manager.GetMetricsAsync(new CustomerId("c-x"));

        metrics.Version.Should().Be(0);
        metrics.NetSpend.Should().Be(Cny(0m));
        metrics.LastPurchaseAt.Should().BeNull();
    }

    [Fact]
    public async Task Metrics_WindowedSums_ByMonth()
    {
        using var crm = TestCrm.Create(Instant.FromUtc(2027, 1, 1, 0, 0));
        var id = "c-1";
        await crm.Manager.RecordPurchaseAsync(Purchase("p-1", id, Instant.FromUtc(2025, 12, 31, 16, 30), Line("1", 10m)));   // 2026-01-01 00:30 in Shanghai
        await crm.Manager.RecordPurchaseAsync(Purchase("p-2", id, Instant.FromUtc(2026, 6, 15, 4, 0), Line("1", 20m)));
        await crm.Manager.RecordPurchaseAsync(Purchase("p-3", id, Instant.FromUtc(2026, 12, 31, 16, 0), Line("1", 40m)));   // 2027-01-01 00:00 in Shanghai

        var metrics = await crm.Manager.GetMetricsAsync(new CustomerId(id));

        metrics.SpendBetween(new YearMonth(2026, 1), new YearMonth(2026, 12)).Should().Be(Cny(30m));
        metrics.PurchasesBetween(new YearMonth(2026, 1), new YearMonth(2026, 12)).Should().Be(2);
        metrics.PurchasesBetween(new YearMonth(2027, 1), new YearMonth(2027, 1)).Should().Be(1);
    }

    private sealed class PointsLikeHandler(List<string> log) : IPurchaseHandler
    {
        public int Order => CrmHandlerOrder.Points;

        public ValueTask HandleAsync(PurchaseContext context, CancellationToken cancellationToken)
        {
            log.Add($"points:{context.IsReplay}");
            context.AddOutcome("points outcome");
            return ValueTask.CompletedTask;
        }
    }

    private sealed class HostHandler(List<string> log) : IPurchaseHandler
    {
        public int Order => CrmHandlerOrder.Host;

        public ValueTask HandleAsync(PurchaseContext context, CancellationToken cancellationToken)
        {
            log.Add($"host:{context.IsReplay}");
            context.AddOutcome(42);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class FailOnceHandler : IPurchaseHandler
    {
        private int _calls;

        public int Order => CrmHandlerOrder.Host;

        public ValueTask HandleAsync(PurchaseContext context, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _calls) == 1)
            {
                throw new InvalidOperationException("the host's database is down");
            }

            context.AddOutcome(context.IsReplay ? "handled after replay" : "handled");
            return ValueTask.CompletedTask;
        }
    }
}
