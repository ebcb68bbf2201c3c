using Crm.Coupons;

namespace Crm.Storage.InMemory;

/// <summary>An in-memory <see cref="ICouponStore"/>: one lock for all writes, so budgets, caps and versions are checked atomically.</summary>
/// <threadsafety>Safe to use from many threads at once.</threadsafety>
public sealed class InMemoryCouponStore : ICouponStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Coupon> _coupons = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _byIssueKey = new(StringComparer.Ordinal);
    private readonly Dictionary<CustomerId, List<string>> _byCustomer = [];
    private readonly Dictionary<string, (long Issued, long Redeemed)> _usage = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<Coupon?> FindAsync(string couponId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(couponId);
        lock (_gate)
        {
            return Task.FromResult(_coupons.GetValueOrDefault(couponId));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Coupon>> ListByCustomerAsync(CustomerId customerId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<Coupon> list = _byCustomer.TryGetValue(customerId, out var ids)
                ? [.. ids.Select(id => _coupons[id]).OrderBy(c => c.IssuedAt).ThenBy(c => c.Id, StringComparer.Ordinal)]
                : [];
            return Task.FromResult(list);
        }
    }

    /// <inheritdoc />
    public Task<CouponStoreIssueResult> IssueAsync(Coupon coupon, CouponIssueLimits limits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(coupon);
        ArgumentNullException.ThrowIfNull(limits);
        lock (_gate)
        {
            if (_byIssueKey.TryGetValue(coupon.IssueKey, out var existing))
            {
                return Task.FromResult(new CouponStoreIssueResult(CouponStoreIssueStatus.AlreadyIssued, _coupons[existing]));
            }

            var usage = _usage.GetValueOrDefault(coupon.TemplateId);
            if (limits.MaxIssued is { } maxIssued && usage.Issued >= maxIssued)
            {
                return Task.FromResult(new CouponStoreIssueResult(CouponStoreIssueStatus.BudgetExhausted, null));
            }

            if (limits.MaxPerCustomer is { } cap && _byCustomer.TryGetValue(coupon.CustomerId, out var ids)
                && ids.Count(id => _coupons[id] is var c && c.TemplateId == coupon.TemplateId && (limits.PeriodStart is not { } start || c.IssuedAt >= start) && (limits.PeriodEnd is not { } end || c.IssuedAt < end)) >= cap)
            {
                return Task.FromResult(new CouponStoreIssueResult(CouponStoreIssueStatus.CustomerCapReached, null));
            }

            if (_coupons.ContainsKey(coupon.Id))
            {
                throw new InvalidOperationException($"A coupon with the code {coupon.Id} exists already.");
            }

            var stored = coupon with { Version = 1 };
            _coupons.Add(stored.Id, stored);
            _byIssueKey.Add(stored.IssueKey, stored.Id);
            if (!_byCustomer.TryGetValue(stored.CustomerId, out var list))
            {
                _byCustomer[stored.CustomerId] = list = [];
            }

            list.Add(stored.Id);
            _usage[stored.TemplateId] = (usage.Issued + 1, usage.Redeemed);
            return Task.FromResult(new CouponStoreIssueResult(CouponStoreIssueStatus.Issued, stored));
        }
    }

    /// <inheritdoc />
    public Task<Coupon?> UpdateAsync(Coupon coupon, long expectedVersion, int redeemedDelta, int? maxRedeemed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(coupon);
        lock (_gate)
        {
            if (!_coupons.TryGetValue(coupon.Id, out var current) || current.Version != expectedVersion)
            {
                throw new CrmConcurrencyException($"coupon {coupon.Id}", expectedVersion, current?.Version);
            }

            var usage = _usage.GetValueOrDefault(current.TemplateId);
            if (redeemedDelta > 0 && maxRedeemed is { } max && usage.Redeemed + redeemedDelta > max)
            {
                return Task.FromResult<Coupon?>(null);
            }

            var stored = coupon with { Version = expectedVersion + 1, TemplateId = current.TemplateId, CustomerId = current.CustomerId };
            _coupons[stored.Id] = stored;
            _usage[current.TemplateId] = (usage.Issued, usage.Redeemed + redeemedDelta);
            return Task.FromResult<Coupon?>(stored);
        }
    }

    /// <inheritdoc />
    public Task<CouponUsage> GetUsageAsync(string templateId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(templateId);
        lock (_gate)
        {
            var usage = _usage.GetValueOrDefault(templateId);
            return Task.FromResult(new CouponUsage(templateId, usage.Issued, usage.Redeemed));
        }
    }
}
