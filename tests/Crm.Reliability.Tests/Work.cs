namespace Crm.Reliability.Tests;

/// <summary>What workers reported they newly did: purchases recorded, redemptions applied (key and points), coupons confirmed.</summary>
internal sealed record Work(List<string> Purchases, Dictionary<string, long> Redemptions, List<ConfirmCoupon> Coupons)
{
    /// <summary>Collects the work from "done" lines; a redemption key reported applied twice fails here.</summary>
    public static Work Of(string run, int customers, IEnumerable<(int Number, string Outcome)> done)
    {
        var work = new Work([], [], []);
        foreach (var (number, outcome) in done)
        {
            switch (WorkPlan.Operation(run, number, customers))
            {
                case RecordPurchase p when outcome == nameof(RecordStatus.Recorded):
                    work.Purchases.Add(p.Purchase.Id);
                    break;
                case RedeemPoints r when outcome == nameof(Points.PointsChangeStatus.Applied):
                    work.Redemptions.Add(r.Key, r.Points.Value);
                    break;
                case ConfirmCoupon c when outcome == nameof(Crm.Coupons.RedemptionStatus.Succeeded):
                    work.Coupons.Add(c);
                    break;
            }
        }

        return work;
    }
}
