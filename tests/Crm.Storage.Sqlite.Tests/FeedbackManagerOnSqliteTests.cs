using Crm.Feedback;
using Crm.TestUtils;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;
using NodaTime.Testing;

namespace Crm.Storage.Sqlite.Tests;

/// <summary>FeedbackManager on SQLite: racing resolutions through the relational store, and a coupon remedy in a relational unit of work.</summary>
public sealed class FeedbackManagerOnSqliteTests : IAsyncLifetime
{
    private static readonly Instant Opened = Instant.FromUtc(2026, 6, 5, 4, 0);

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"crm-feedback-{Guid.NewGuid():N}.db");
    private readonly RecordingCouponIssuer _issuer = new();
    private ServiceProvider _services = null!;

    private FeedbackManager Manager => _services.GetRequiredService<FeedbackManager>();

    public Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(new FakeClock(Opened + Duration.FromMinutes(30)));
        services.AddSingleton<ICouponIssuer>(_issuer);
        services.AddCrm(o => { o.Currency = Currency.CNY; o.TimeZone = TestCrm.Shanghai; o.RetryBaseDelay = Duration.FromMilliseconds(1); })
            .AddFeedback()
            .UseSqliteStorage(o => o.ConnectionString = $"Data Source={_path}");
        _services = services.BuildServiceProvider();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }
    }

    private static ServiceInteraction Complaint(string id) => new()
    {
        Id = id,
        Kind = InteractionKind.Complaint,
        Category = FeedbackCategory.Taste,
        Channel = FeedbackChannel.App,
        CustomerId = new CustomerId("c1"),
        StoreId = "sh-001",
        Text = "太甜了",
        OccurredAt = Opened,
    };

    [Fact]
    public async Task Resolve_ManyAtOnce_ExactlyOneWins()
    {
        await Manager.RecordInteractionAsync(Complaint("k1"));
        var apology = new TicketResolution { Remedy = TicketRemedy.Apology, CustomerInformed = true };

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            Task.Run(() => Manager.ResolveTicketAsync(new ResolveTicketRequest { TicketId = "k1", ActionId = "r" + i, StaffId = "s", Resolution = apology }))));

        results.Count(r => r.Succeeded).Should().Be(1);
        results.Where(r => !r.Succeeded).Should().OnlyContain(r => r.ErrorCode == FeedbackErrorCodes.TicketState);
        (await Manager.GetTicketAsync("k1"))!.History.Should().ContainSingle();
    }

    [Fact]
    public async Task Resolve_WithCoupon_SavesTheTicketInTheUnitAndReplays()
    {
        var recorded = await Manager.RecordInteractionAsync(Complaint("k2"));
        var request = new ResolveTicketRequest
        {
            TicketId = "k2",
            ActionId = "r1",
            StaffId = "s",
            Resolution = new TicketResolution { Remedy = TicketRemedy.Coupon | TicketRemedy.Refund, RefundAmount = new Money(18m, Currency.CNY), CouponTemplateId = "sorry", CustomerInformed = true },
        };

        var resolved = await Manager.ResolveTicketAsync(request);
        var again = await Manager.ResolveTicketAsync(request);

        recorded.Ticket!.Version.Should().Be(1);
        resolved.Succeeded.Should().BeTrue();
        again.IsReplay.Should().BeTrue();
        var stored = await Manager.GetTicketAsync("k2");
        stored!.Version.Should().Be(2);
        stored.Resolution.Should().Be(request.Resolution with { CouponId = "coupon-feedback-remedy:k2:r1" });
        _issuer.Issued.Should().ContainSingle();
    }
}
