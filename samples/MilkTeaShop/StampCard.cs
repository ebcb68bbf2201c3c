using System.Collections.Concurrent;

namespace Crm.Samples;

/// <summary>
/// Buy ten, get one: a host's own purchase handler (the library runs it after its packages, at
/// <see cref="CrmHandlerOrder.Host"/>). Every tea drink earns a stamp; each full card of ten issues a free-drink
/// coupon through <see cref="ICouponIssuer"/>, keyed by the card's number so a retry never issues it twice.
/// </summary>
internal sealed class StampCard(ICouponIssuer issuer) : IPurchaseHandler
{
    public const int StampsPerCard = 10;

    private readonly ConcurrentDictionary<CustomerId, int> _stamps = new();

    public int Order => CrmHandlerOrder.Host;

    public int StampsOf(CustomerId customer) => _stamps.GetValueOrDefault(customer);

    public async ValueTask HandleAsync(PurchaseContext context, CancellationToken cancellationToken)
    {
        if (context.IsReplay)
        {
            return;
        }

        var drinks = (int)context.Purchase.Lines.Where(l => l.Category != "snack").Sum(l => l.Quantity);
        var customer = context.Purchase.CustomerId;
        var before = _stamps.GetValueOrDefault(customer);
        var after = _stamps.AddOrUpdate(customer, drinks, (_, s) => s + drinks);
        for (var card = (before / StampsPerCard) + 1; card <= after / StampsPerCard; card++)
        {
            // In the purchase's unit of work: the free drink commits with the purchase, or not at all.
            await issuer.IssueCouponAsync(new CouponIssueRequest(customer, "free-drink", CouponIssueReason.Campaign, $"stamp-card:{customer}:{card}"), context.UnitOfWork, cancellationToken);
        }
    }
}
