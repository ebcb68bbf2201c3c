using System.Diagnostics.Metrics;

namespace Crm.Coupons;

/// <summary>The name under which Crm.Coupons publishes its counters through <see cref="System.Diagnostics.Metrics"/>.</summary>
public static class CouponsTelemetry
{
    /// <summary>The name of the <see cref="Meter"/>: <c>Crm.Coupons</c>.</summary>
    /// <remarks>
    /// Instruments (counters): <c>crm.coupons.refused</c> (<c>{coupon}</c>): a reservation, confirmation or release refused
    /// because the coupon belongs to another customer (tag <c>status</c> = <c>OtherCustomer</c>), or a confirmation at a
    /// recorded purchase refused because the purchase does not meet the coupon's terms (<c>status</c> = <c>TermsNotMet</c>);
    /// tag <c>operation</c> is <c>reserve</c>, <c>confirm</c>, <c>release</c> or <c>purchase</c>. A purchase whose unit of work
    /// is retried after a concurrency conflict is counted once per attempt.
    /// </remarks>
    public const string MeterName = "Crm.Coupons";

    internal static readonly Meter Meter = new(MeterName, typeof(CouponsTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Counter<long> Refused = Meter.CreateCounter<long>("crm.coupons.refused", "{coupon}", "Coupon operations refused: another customer's coupon, or a recorded purchase that does not meet the coupon's terms.");
}
