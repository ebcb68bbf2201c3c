using System.Collections.Concurrent;

namespace Crm.TestUtils;

/// <summary>A coupon issuer that records what it was asked, idempotent by key like a real one.</summary>
public sealed class RecordingCouponIssuer : ICouponIssuer
{
    private readonly ConcurrentDictionary<string, CouponIssueRequest> _issued = new(StringComparer.Ordinal);
    private int _calls;

    public int Calls => _calls;

    public IReadOnlyCollection<CouponIssueRequest> Issued => [.. _issued.Values];

    public Task<CouponIssueResult> IssueCouponAsync(CouponIssueRequest request, IStoreUnitOfWork unitOfWork, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        var added = _issued.TryAdd(request.IdempotencyKey, request);
        return Task.FromResult(new CouponIssueResult { Succeeded = true, CouponId = "coupon-" + request.IdempotencyKey, IsReplay = !added, Reason = null });
    }
}
