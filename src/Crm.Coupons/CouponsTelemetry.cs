using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Crm.Coupons;

/// <summary>The name under which Crm.Coupons publishes its counters (<see cref="System.Diagnostics.Metrics"/>) and traces (<see cref="System.Diagnostics.ActivitySource"/>).</summary>
public static class CouponsTelemetry
{
    /// <summary>The name of the <see cref="Meter"/> and of the <see cref="ActivitySource"/>: <c>Crm.Coupons</c>.</summary>
    /// <remarks>
    /// Instruments (counters): <c>crm.coupons.refused</c> (<c>{coupon}</c>): a reservation, confirmation or release refused
    /// because the coupon belongs to another customer (tag <c>status</c> = <c>OtherCustomer</c>), or a confirmation at a
    /// recorded purchase refused because the purchase does not meet the coupon's terms (<c>status</c> = <c>TermsNotMet</c>);
    /// tag <c>operation</c> is <c>reserve</c>, <c>confirm</c>, <c>release</c> or <c>purchase</c>. A purchase whose unit of work
    /// is retried after a concurrency conflict is counted once per attempt.
    ///  Spans: <c>crm.coupons.evaluate</c> (tag <c>crm.coupons.candidates</c>).
    /// </remarks>
    public const string Name = "Crm.Coupons";

    internal static readonly Meter Meter = new(Name, typeof(CouponsTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly ActivitySource Source = new(Name, typeof(CouponsTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Counter<long> Refused = Meter.CreateCounter<long>("crm.coupons.refused", "{coupon}", "Coupon operations refused: another customer's coupon, or a recorded purchase that does not meet the coupon's terms.");
}
