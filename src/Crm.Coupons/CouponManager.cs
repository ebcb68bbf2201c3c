using System.Globalization;
using Crm.Coupons.Internal;
using Crm.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Crm.Coupons;

/// <summary>
/// The coupon engine: issues coupons (budgets, per-customer caps, unique codes), evaluates a basket against a
/// customer's wallet and typed codes (every reason a coupon does not apply, the best combination, exact allocation
/// to lines), and redeems exactly once (reserve at checkout, confirm when the purchase is recorded, release).
/// </summary>
/// <remarks>
/// <para>Checkout flow: <see cref="EvaluateAsync"/>, then <see cref="ReserveAsync"/> the chosen coupons with the purchase id
/// as the reservation key, then record the purchase through <see cref="CrmManager"/>: its coupons handler (at
/// <see cref="CrmHandlerOrder.Coupons"/>) checks each coupon reserved under the purchase id against the purchase as
/// recorded (the evaluator's terms) and confirms those that still apply. A host without the front door calls
/// <see cref="ConfirmAsync"/> itself. A cancelled checkout calls <see cref="ReleaseAsync"/>; an
/// abandoned one lapses after <see cref="CouponsOptions.ReservationTimeToLive"/>.</para>
/// <para>Every write is a versioned store write retried on conflict and is idempotent by its key, so one single-use
/// coupon confirmed at the same instant from many tills is redeemed once. Every operation on a coupon names the
/// customer, and a coupon of another customer is refused (<see cref="RedemptionStatus.OtherCustomer"/>) with nothing written.</para>
/// </remarks>
/// <threadsafety>Safe to use from many threads at once; register it as a singleton.</threadsafety>
public sealed class CouponManager
{
    private readonly ICouponStore _store;
    private readonly IActivityStore _activity;
    private readonly ICustomerTierProvider _tiers;
    private readonly ICustomerSegmentProvider _segments;
    private readonly ICustomerRecommendationProvider _recommendations;
    private readonly IClock _clock;
    private readonly CouponsOptions _options;
    private readonly ProgrammeSettings _settings;
    private readonly Currency _currency;
    private readonly DateTimeZone _zone;
    private readonly MidpointRounding _rounding;
    private readonly Dictionary<string, CouponTemplate> _templates;
    private readonly Dictionary<string, CouponTemplate> _promoCodes;
    private readonly Dictionary<string, CouponTemplate> _automatic;
    private readonly CouponIssuance _issuance;
    private readonly CouponEvaluator _evaluator;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="CouponManager"/> class.</summary>
    /// <param name="store">The coupon store.</param>
    /// <param name="activity">The activity store, for first-purchase conditions.</param>
    /// <param name="tiers">The customer's tier, for tier conditions.</param>
    /// <param name="segments">The customer's segments, for segment conditions.</param>
    /// <param name="recommendations">The items recommended to the customer, for scopes with <see cref="CouponScope.RecommendedOnly"/>.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="crmOptions">The programme settings (currency, time zone, rounding).</param>
    /// <param name="options">The coupon settings and templates.</param>
    /// <param name="logger">Where refused operations are logged (another customer's coupon, a recorded purchase that does not meet a coupon's terms), or <see langword="null"/> for none.</param>
    /// <exception cref="OptionsValidationException">The settings or a template are not valid, or a template's money is not in the programme's currency.</exception>
    public CouponManager(
        ICouponStore store,
        IActivityStore activity,
        ICustomerTierProvider tiers,
        ICustomerSegmentProvider segments,
        ICustomerRecommendationProvider recommendations,
        IClock clock,
        IOptions<CrmOptions> crmOptions,
        IOptions<CouponsOptions> options,
        ILogger<CouponManager>? logger = null)
    {
        _store = Guard.NotNull(store);
        _activity = Guard.NotNull(activity);
        _tiers = Guard.NotNull(tiers);
        _segments = Guard.NotNull(segments);
        _recommendations = Guard.NotNull(recommendations);
        _clock = Guard.NotNull(clock);
        _options = Guard.NotNull(options).Value;
        _settings = ProgrammeSettings.From(crmOptions);
        _zone = _settings.Zone;
        _currency = _settings.Currency;
        _rounding = _settings.Rounding;
        var validation = new CouponsOptionsValidator().Validate(null, _options);
        var failures = validation.Failed ? validation.Failures.ToList() : [];
        failures.AddRange(_options.Templates.Where(t => t is not null && !CurrencyMatches(t, _currency)).Select(t => $"CouponsOptions.Templates: template '{t.Id}' has money in another currency than {_currency.Code}."));
        failures.AddRange(_options.NextOrderRules.Where(r => r?.MinimumSpend is { IsDefault: false } m && m.Currency != _currency).Select(r => $"CouponsOptions.NextOrderRules: rule '{r.Id}' has a minimum spend in another currency than {_currency.Code}."));
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(CouponsOptions), failures);
        }

        _templates = _options.Templates.ToDictionary(t => t.Id, StringComparer.Ordinal);
        _promoCodes = _options.Templates.Where(t => t.PromoCode is not null).ToDictionary(t => CouponCodes.Normalize(t.PromoCode!), StringComparer.Ordinal);
        _automatic = _options.Templates.Where(t => t.Automatic).ToDictionary(t => t.Id, StringComparer.Ordinal);
        _issuance = new CouponIssuance(_templates, _zone, clock);
        _evaluator = new CouponEvaluator(_options.MaxCouponsPerPurchase, _options.BenefitOrder, _rounding);
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Gets the configured templates.</summary>
    public IReadOnlyCollection<CouponTemplate> Templates => _templates.Values;

    /// <summary>Gets a template by id.</summary>
    /// <param name="templateId">The template's id.</param>
    /// <returns>The template.</returns>
    /// <exception cref="CrmValidationException">No template has that id (<see cref="CouponsErrorCodes.UnknownTemplate"/>).</exception>
    public CouponTemplate GetTemplate(string templateId) =>
        templateId is not null && _templates.TryGetValue(templateId, out var template)
            ? template
            : throw new CrmValidationException(CouponsErrorCodes.UnknownTemplate, "templateId", $"No coupon template has the id '{templateId}'.");

    /// <summary>Issues a coupon to a customer, idempotently by <see cref="CouponIssueRequest.IdempotencyKey"/>, within the template's budget and per-customer cap.</summary>
    /// <param name="request">What to issue, to whom and why.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>Whether the customer holds the coupon (with its id, the code), or why not.</returns>
    /// <exception cref="CrmValidationException">The idempotency key is blank or longer than 200 characters (<see cref="CouponsErrorCodes.KeyInvalid"/>).</exception>
    public async Task<CouponIssueResult> IssueAsync(CouponIssueRequest request, CancellationToken cancellationToken = default) =>
        (await _issuance.IssueAsync(_store, inUnit: false, request, _settings.Culture, cancellationToken).ConfigureAwait(false)).Result;

    /// <summary>Finds a coupon by its code, as typed (case and dashes do not matter).</summary>
    /// <param name="code">The code.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The coupon, or <see langword="null"/> when the code is malformed (wrong check character) or unknown.</returns>
    public async Task<Coupon?> FindAsync(string code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        var normalized = CouponCodes.Normalize(code);
        return CouponCodes.IsValid(normalized) ? await _store.FindAsync(normalized, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <summary>Gets the coupons a customer can still use: not redeemed and not expired (reserved ones included).</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The coupons, ordered by issue instant then id.</returns>
    public async Task<IReadOnlyList<Coupon>> GetWalletAsync(CustomerId customerId, CancellationToken cancellationToken = default)
    {
        Guard.Customer(customerId);
        var now = _clock.GetCurrentInstant();
        var all = await _store.ListByCustomerAsync(customerId, cancellationToken).ConfigureAwait(false);
        return [.. all.Where(c => c.Status != CouponStatus.Redeemed && c.ValidTo > now)];
    }

    /// <summary>
    /// Evaluates a basket against the customer's wallet, any typed codes and the automatic promotions: each coupon alone
    /// (applicable with its discount and allocation, or every reason it is not), and the best combination of them all
    /// within the stacking rules.
    /// </summary>
    /// <remarks>
    /// Every coupon the customer holds and has not redeemed is evaluated, including expired and not yet valid ones (with
    /// that reason). Every automatic promotion running now is evaluated too (with its reasons when the basket or the
    /// customer does not meet its conditions), unless the customer holds a usable coupon of it, which stands for it; one
    /// whose dates have not come or have passed is left out. Reserve each coupon of <see cref="CouponCombination.Coupons"/>
    /// by its id, automatic promotions included, so that the recorded purchase confirms them and their budgets count them.
    /// </remarks>
    /// <param name="customerId">The customer.</param>
    /// <param name="basket">The basket.</param>
    /// <param name="codes">Codes the customer typed (coupon codes or shared promo codes), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The evaluation. Nothing is written.</returns>
    /// <exception cref="CrmValidationException">The basket is not valid (<see cref="CouponsErrorCodes.BasketInvalid"/>).</exception>
    public async Task<BasketEvaluation> EvaluateAsync(CustomerId customerId, CouponBasket basket, IReadOnlyCollection<string>? codes = null, CancellationToken cancellationToken = default)
    {
        Guard.Customer(customerId);
        using var span = CouponsTelemetry.Source.StartActivity("crm.coupons.evaluate");
        var now = _clock.GetCurrentInstant();
        var culture = _settings.Culture;
        var prepared = PreparedBasket.Prepare(basket, _currency, _zone, now, _rounding, culture: culture);
        var wallet = await _store.ListByCustomerAsync(customerId, cancellationToken).ConfigureAwait(false);
        var candidates = new List<Candidate>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var unknown = new List<CouponEvaluation>();
        foreach (var coupon in wallet)
        {
            // Redeemed coupons are history (a typed code still reports them); unused ones are all evaluated, so an
            // expired or not-yet-valid coupon says so instead of silently disappearing from the wallet.
            if (coupon.Status != CouponStatus.Redeemed && _templates.TryGetValue(coupon.TemplateId, out var template) && seen.Add(coupon.Id))
            {
                candidates.Add(new Candidate(coupon, template, CouponSource.Wallet));
            }
        }

        foreach (var typed in codes ?? [])
        {
            var code = CouponCodes.Normalize(typed ?? string.Empty);
            if (!seen.Add(code))
            {
                continue;
            }

            if (_promoCodes.TryGetValue(code, out var promo))
            {
                // A promo code the customer already holds an unused coupon of is covered by that coupon.
                if (!candidates.Any(c => c.Template == promo && c.Source == CouponSource.Wallet))
                {
                    candidates.Add(new Candidate(ToBeIssued(customerId, promo, code, now), promo, CouponSource.PromoCode));
                }

                continue;
            }

            var found = CouponCodes.IsValid(code) ? await _store.FindAsync(code, cancellationToken).ConfigureAwait(false) : null;
            if (found is not null && _templates.TryGetValue(found.TemplateId, out var foundTemplate))
            {
                candidates.Add(new Candidate(found, foundTemplate, CouponSource.Wallet));
            }
            else
            {
                var reason = found is null
                    ? CouponTexts.Reason(culture, CouponReasonCodes.UnknownCode, typed)
                    : CouponTexts.Reason(culture, CouponReasonCodes.UnknownTemplate, found.TemplateId);
                unknown.Add(new CouponEvaluation(code, found?.TemplateId ?? string.Empty, CouponSource.Wallet, Money.Zero(_currency), [], false, [reason]));
            }
        }

        // A usable coupon the customer holds of a promotion's template stands for the promotion.
        var held = candidates.Where(c => c.Coupon.ValidFrom <= now && now < c.Coupon.ValidTo && !c.Coupon.IsReservedElsewhere(now, basket.ReservationKey)).Select(c => c.Template).ToHashSet();
        foreach (var promotion in _automatic.Values)
        {
            var offered = ToBeIssued(customerId, promotion, promotion.Id, now);
            if (offered.ValidFrom <= now && now < offered.ValidTo && !held.Contains(promotion) && seen.Add(promotion.Id))
            {
                candidates.Add(new Candidate(offered, promotion, CouponSource.Automatic));
            }
        }

        await MarkBudgetsAsync(wallet, candidates, basket.ReservationKey, now, culture, cancellationToken).ConfigureAwait(false);
        var customer = await CustomerAsync(customerId, now, candidates, cancellationToken).ConfigureAwait(false);
        span?.SetTag("crm.coupons.candidates", candidates.Count);
        var evaluation = _evaluator.Evaluate(prepared, customer, candidates);
        return unknown.Count == 0
            ? evaluation
            : new BasketEvaluation([.. evaluation.Coupons.Concat(unknown).OrderBy(e => e.CouponId, StringComparer.Ordinal)], evaluation.Best);
    }

    /// <summary>
    /// Reserves a coupon (or, for a shared promo code or an automatic promotion's id, a coupon issued for this use) for a checkout until
    /// <see cref="CouponsOptions.ReservationTimeToLive"/> from now. Use the purchase id as the key so the front door confirms it.
    /// </summary>
    /// <param name="customerId">The customer checking out.</param>
    /// <param name="code">The coupon's code, a shared promo code, or an automatic promotion's template id (as <see cref="CouponEvaluation.CouponId"/> gives it).</param>
    /// <param name="reservationKey">The checkout's key (the purchase id); reserving again with it changes nothing.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The outcome: <see cref="RedemptionStatus.Succeeded"/>, <see cref="RedemptionStatus.Replayed"/>, or why not
    /// (<see cref="RedemptionStatus.OtherCustomer"/> for a coupon another customer holds; nothing is written).</returns>
    /// <exception cref="CrmValidationException">The key is blank or too long (<see cref="CouponsErrorCodes.KeyInvalid"/>).</exception>
    public async Task<RedemptionResult> ReserveAsync(CustomerId customerId, string code, string reservationKey, CancellationToken cancellationToken = default)
    {
        Guard.Customer(customerId);
        ArgumentNullException.ThrowIfNull(code);
        CouponIssuance.RequireKey(reservationKey, nameof(reservationKey));
        var normalized = CouponCodes.Normalize(code);
        var culture = _settings.Culture;
        if (_automatic.TryGetValue(code, out var promo) || _promoCodes.TryGetValue(normalized, out promo))
        {
            var (held, refused, refusal) = await CouponForUseAsync(customerId, promo, reservationKey, culture, cancellationToken).ConfigureAwait(false);
            if (held is null)
            {
                return new RedemptionResult { Status = refused, Coupon = null, Reasons = [refusal!] };
            }

            normalized = held.Id;
        }

        var result = await MutateAsync(normalized, customerId, (coupon, now) =>
        {
            if (coupon.Status == CouponStatus.Redeemed)
            {
                return (Same(coupon.RedemptionKey, reservationKey) ? RedemptionStatus.Replayed : RedemptionStatus.AlreadyRedeemed, null, 0);
            }

            if (coupon.Status == CouponStatus.Reserved && Same(coupon.ReservationKey, reservationKey) && coupon.ReservedUntil > now)
            {
                return (RedemptionStatus.Replayed, null, 0);
            }

            if (coupon.IsReservedElsewhere(now, reservationKey))
            {
                return (RedemptionStatus.ReservedElsewhere, null, 0);
            }

            if (Validity(coupon, now) is { } invalid)
            {
                return (invalid, null, 0);
            }

            return (RedemptionStatus.Succeeded, coupon with { Status = CouponStatus.Reserved, ReservationKey = reservationKey, ReservedUntil = now + _options.ReservationTimeToLive }, 0);
        }, culture, cancellationToken).ConfigureAwait(false);
        return Report(result, "reserve", normalized, customerId, reservationKey);
    }

    /// <summary>
    /// Redeems a customer's coupon for a purchase, exactly once: a coupon reserved under <paramref name="redemptionKey"/> (even if the
    /// reservation lapsed meanwhile, unless another checkout took it), or an active coupon within its validity.
    /// </summary>
    /// <remarks>
    /// For hosts without the front door. It cannot check the coupon's terms (it is not given the purchase); the front
    /// door's purchase handler does, against the purchase as recorded. Do not call it for a purchase recorded through
    /// <see cref="CrmManager.RecordPurchaseAsync"/>: that would redeem a coupon the handler refused.
    /// </remarks>
    /// <param name="customerId">The customer who made the purchase; the coupon must be theirs.</param>
    /// <param name="couponId">The coupon's id (code).</param>
    /// <param name="redemptionKey">The purchase id; confirming again with it changes nothing.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The outcome; <see cref="RedemptionStatus.AlreadyRedeemed"/> when another purchase redeemed it;
    /// <see cref="RedemptionStatus.OtherCustomer"/> when another customer holds it (nothing is written, and the result holds no coupon).</returns>
    /// <exception cref="CrmValidationException">The key is blank or too long (<see cref="CouponsErrorCodes.KeyInvalid"/>).</exception>
    public async Task<RedemptionResult> ConfirmAsync(CustomerId customerId, string couponId, string redemptionKey, CancellationToken cancellationToken = default)
    {
        Guard.Customer(customerId);
        ArgumentNullException.ThrowIfNull(couponId);
        CouponIssuance.RequireKey(redemptionKey, nameof(redemptionKey));
        var normalized = CouponCodes.Normalize(couponId);
        var result = await MutateAsync(normalized, customerId, (coupon, now) => Confirm(coupon, redemptionKey, now), _settings.Culture, cancellationToken).ConfigureAwait(false);
        return Report(result, "confirm", normalized, customerId, redemptionKey);
    }

    /// <summary>Releases a customer's reservation (a cancelled checkout), making the coupon usable again.</summary>
    /// <param name="customerId">The customer checking out; the coupon must be theirs.</param>
    /// <param name="couponId">The coupon's id (code).</param>
    /// <param name="reservationKey">The checkout's key.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns><see cref="RedemptionStatus.Succeeded"/>; <see cref="RedemptionStatus.Replayed"/> when it is not reserved (released already, or lapsed);
    /// <see cref="RedemptionStatus.ReservedElsewhere"/> when another checkout holds it; <see cref="RedemptionStatus.AlreadyRedeemed"/> when it was redeemed;
    /// <see cref="RedemptionStatus.OtherCustomer"/> when another customer holds it (nothing is written).</returns>
    /// <exception cref="CrmValidationException">The key is blank or too long (<see cref="CouponsErrorCodes.KeyInvalid"/>).</exception>
    public async Task<RedemptionResult> ReleaseAsync(CustomerId customerId, string couponId, string reservationKey, CancellationToken cancellationToken = default)
    {
        Guard.Customer(customerId);
        ArgumentNullException.ThrowIfNull(couponId);
        CouponIssuance.RequireKey(reservationKey, nameof(reservationKey));
        var normalized = CouponCodes.Normalize(couponId);
        var result = await MutateAsync(normalized, customerId, (coupon, now) =>
        {
            if (coupon.Status == CouponStatus.Redeemed)
            {
                return (RedemptionStatus.AlreadyRedeemed, null, 0);
            }

            if (coupon.Status != CouponStatus.Reserved)
            {
                return (RedemptionStatus.Replayed, null, 0);
            }

            if (!Same(coupon.ReservationKey, reservationKey))
            {
                return (coupon.ReservedUntil > now ? RedemptionStatus.ReservedElsewhere : RedemptionStatus.Replayed, null, 0);
            }

            return (RedemptionStatus.Succeeded, coupon with { Status = CouponStatus.Active, ReservationKey = null, ReservedUntil = null }, 0);
        }, _settings.Culture, cancellationToken).ConfigureAwait(false);
        return Report(result, "release", normalized, customerId, reservationKey);
    }

    /// <summary>
    /// The front door's purchase handler: confirms, in the purchase's unit of work, the customer's coupons reserved under the
    /// purchase id whose terms the purchase as recorded meets. A coupon it refuses does not fail the purchase (the purchase
    /// happened); it is reported and left as it was.
    /// </summary>
    internal async Task<PurchaseCouponsOutcome?> OnPurchaseAsync(PurchaseContext context, CancellationToken cancellationToken)
    {
        var store = context.UnitOfWork.GetStore<ICouponStore>();
        var culture = _settings.Culture;
        var redemptions = await ConfirmReservedAsync(context, store, culture, cancellationToken).ConfigureAwait(false);
        var earned = _options.NextOrderRules.Count == 0 ? [] : await IssueNextOrderAsync(context, store, culture, cancellationToken).ConfigureAwait(false);
        return redemptions.Count == 0 && earned.Count == 0 ? null : new PurchaseCouponsOutcome { PurchaseId = context.Purchase.Id, Results = redemptions, NextOrder = earned };
    }

    /// <summary>Confirms the coupons reserved under the purchase's id whose terms it meets (see <see cref="OnPurchaseAsync"/>).</summary>
    private async Task<IReadOnlyList<RedemptionResult>> ConfirmReservedAsync(PurchaseContext context, ICouponStore store, CultureInfo culture, CancellationToken cancellationToken)
    {
        var purchase = context.Purchase;
        var coupons = await store.ListByKeyAsync(purchase.CustomerId, purchase.Id, cancellationToken).ConfigureAwait(false);
        if (coupons.Count == 0)
        {
            return [];
        }

        if (context.IsReplay)
        {
            // On a replay the coupons the first recording redeemed are reported as it reported them, and nothing is written.
            return [.. coupons.Select(c => new RedemptionResult { Status = c.Status == CouponStatus.Redeemed ? RedemptionStatus.Succeeded : RedemptionStatus.NotFound, Coupon = c })];
        }

        // The store lists the purchase's customer's coupons only; the owner is checked again so that an adapter that
        // mixed customers up could still not redeem another customer's coupon.
        var decisions = coupons.Select(c => c.CustomerId == purchase.CustomerId ? Confirm(c, purchase.Id, context.Now) : (RedemptionStatus.OtherCustomer, null, 0)).ToArray();
        var unmet = await UnmetTermsAsync(context, [.. coupons.Where((_, i) => decisions[i].Updated is not null)], culture, cancellationToken).ConfigureAwait(false);
        var results = new List<RedemptionResult>(coupons.Count);
        var placesTaken = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < coupons.Count; i++)
        {
            var result = unmet.TryGetValue(coupons[i].Id, out var reasons)
                ? new RedemptionResult { Status = RedemptionStatus.TermsNotMet, Coupon = coupons[i], Reasons = reasons }
                : await ApplyAsync(store, inUnit: true, coupons[i], decisions[i], context.Now, culture, cancellationToken, placesTaken).ConfigureAwait(false);
            results.Add(Report(result, "purchase", coupons[i].Id, purchase.CustomerId, purchase.Id));
        }

        return results;
    }

    /// <summary>
    /// Issues, in the purchase's unit of work, a coupon for each next-order rule the purchase meets, keyed by rule and
    /// purchase. A replay issues nothing and reports the coupons the first recording issued; a purchase recorded more than
    /// <see cref="CouponsOptions.NextOrderIssueWindow"/> after it happened earns none.
    /// </summary>
    private async Task<IReadOnlyList<NextOrderCoupon>> IssueNextOrderAsync(PurchaseContext context, ICouponStore store, CultureInfo culture, CancellationToken cancellationToken)
    {
        var purchase = context.Purchase;
        if (context.IsReplay)
        {
            var issued = await EarnedNextOrderAsync(store, purchase.CustomerId, purchase.Id, cancellationToken).ConfigureAwait(false);
            return [.. issued.Select(x => new NextOrderCoupon { RuleId = x.Rule.Id, Result = new CouponIssueResult { Succeeded = true, CouponId = x.Coupon.Id, IsReplay = true, Reason = null } })];
        }

        if (context.Now - purchase.OccurredAt > _options.NextOrderIssueWindow)
        {
            return [];
        }

        var amount = context.Entry.Amount;
        var lines = context.Entry.Lines.Select(l => (l.Sku, l.Category, l.Amount)).ToArray();
        var earned = new List<NextOrderCoupon>();
        bool? firstInStore = null;
        foreach (var rule in _options.NextOrderRules)
        {
            if (!NextOrderHolds(rule, purchase.StoreId, purchase.Channel, amount, lines))
            {
                continue;
            }

            if (rule.FirstPurchaseInStore && !(firstInStore ??= await IsFirstInStoreAsync(context, cancellationToken).ConfigureAwait(false)))
            {
                continue;
            }

            var (result, _) = await _issuance.IssueAsync(store, inUnit: true, new CouponIssueRequest(purchase.CustomerId, rule.TemplateId, CouponIssueReason.NextOrder, NextOrderKey(rule, purchase.Id)), culture, cancellationToken).ConfigureAwait(false);
            earned.Add(new NextOrderCoupon { RuleId = rule.Id, Result = result });
        }

        return earned;
    }

    /// <summary>Whether a purchase (or what its refunds left of it) meets a next-order rule's conditions, all but the first-purchase one.</summary>
    private static bool NextOrderHolds(NextOrderRule rule, string storeId, SalesChannel channel, Money amount, IReadOnlyList<(string Sku, string Category, Money Amount)> lines) =>
        (rule.Stores.Count == 0 || rule.Stores.Contains(storeId, StringComparer.Ordinal))
        && (rule.Channels.Count == 0 || rule.Channels.Contains(channel))
        && (rule.MinimumSpend is not { } minimum || amount >= minimum)
        && (rule.Buying is not { } buying || lines.Any(l => l.Amount.IsPositive && buying.Includes(l.Sku, l.Category)));

    /// <summary>Whether the customer's journal has no other purchase in this purchase's store (read page by page, until one is found).</summary>
    private async Task<bool> IsFirstInStoreAsync(PurchaseContext context, CancellationToken cancellationToken)
    {
        var activity = context.UnitOfWork.GetStore<IActivityStore>();
        var purchase = context.Purchase;
        var after = 0L;
        while (true)
        {
            var page = await activity.GetEntriesAsync(purchase.CustomerId, after, 500, cancellationToken).ConfigureAwait(false);
            if (page.Count == 0)
            {
                return true;
            }

            if (page.Any(e => e.Kind == ActivityKind.Purchase && e.StoreId == purchase.StoreId && e.PurchaseId != purchase.Id))
            {
                return false;
            }

            after = page[^1].Sequence;
        }
    }

    /// <summary>The next-order coupons a purchase earned, with their rules: found in the customer's wallet by their issue keys.</summary>
    private async Task<IReadOnlyList<(NextOrderRule Rule, Coupon Coupon)>> EarnedNextOrderAsync(ICouponStore store, CustomerId customerId, string purchaseId, CancellationToken cancellationToken)
    {
        var wallet = await store.ListByCustomerAsync(customerId, cancellationToken).ConfigureAwait(false);
        var earned = new List<(NextOrderRule, Coupon)>();
        foreach (var rule in _options.NextOrderRules)
        {
            var key = NextOrderKey(rule, purchaseId);
            if (wallet.FirstOrDefault(c => c.IssueKey == key) is { } coupon)
            {
                earned.Add((rule, coupon));
            }
        }

        return earned;
    }

    /// <summary>The issue key of a next-order coupon: one per rule and purchase (hashed when longer than a key may be).</summary>
    private static string NextOrderKey(NextOrderRule rule, string purchaseId) => BoundedKey($"next:{rule.Id}:{purchaseId}");

    /// <summary>
    /// The front door's refund handler: with <see cref="CouponsOptions.RestoreOnFullRefund"/>, a refund of the whole purchase
    /// gives its coupons back while they are valid; and a next-order coupon whose rule what is left of the purchase no longer
    /// meets is taken back while unused.
    /// </summary>
    internal async Task<RefundCouponsOutcome?> OnRefundAsync(RefundContext context, CancellationToken cancellationToken)
    {
        var restored = await RestoreAsync(context, _settings.Culture, cancellationToken).ConfigureAwait(false);
        var (takenBack, kept) = _options.NextOrderRules.Count == 0 || context.IsReplay
            ? ([], [])
            : await TakeBackNextOrderAsync(context, cancellationToken).ConfigureAwait(false);
        return restored.Count == 0 && takenBack.Count == 0 && kept.Count == 0
            ? null
            : new RefundCouponsOutcome { RefundId = context.Refund.Id, Results = restored, TakenBack = takenBack, KeptAsUsed = kept };
    }

    /// <summary>
    /// Takes back the next-order coupons the refunded purchase earned whose rule what is left of it no longer meets: an
    /// unused one (active, not reserved) has its validity end at the refund; a used one is kept and reported. What is left
    /// is the purchase less every refund of it, this one included. A replay writes nothing (the first recording took them back).
    /// </summary>
    private async Task<(IReadOnlyList<Coupon> TakenBack, IReadOnlyList<Coupon> Kept)> TakeBackNextOrderAsync(RefundContext context, CancellationToken cancellationToken)
    {
        var purchase = context.PurchaseEntry;
        var store = context.UnitOfWork.GetStore<ICouponStore>();
        var earned = await EarnedNextOrderAsync(store, purchase.CustomerId, purchase.PurchaseId, cancellationToken).ConfigureAwait(false);
        if (earned.Count == 0)
        {
            return ([], []);
        }

        // The refunds recorded before this one are committed; this one is in the unit, so it is added here.
        var refunds = (await context.UnitOfWork.GetStore<IActivityStore>().GetRefundsOfPurchaseAsync(purchase.PurchaseId, cancellationToken).ConfigureAwait(false))
            .Where(r => r.Id != context.Entry.Id)
            .Append(context.Entry)
            .ToArray();
        var left = purchase.Amount;
        foreach (var refund in refunds)
        {
            left -= refund.Amount;
        }

        var lines = purchase.Lines
            .Select(l => (l.Sku, l.Category, Amount: refunds.SelectMany(r => r.Lines).Where(r => r.LineId == l.LineId).Aggregate(l.Amount, (a, r) => a - r.Amount)))
            .ToArray();
        var takenBack = new List<Coupon>();
        var kept = new List<Coupon>();
        foreach (var (rule, coupon) in earned)
        {
            if (NextOrderHolds(rule, purchase.StoreId, purchase.Channel, left, lines) || coupon.ValidTo <= context.Now)
            {
                continue;
            }

            if (HoldsPlace(coupon, context.Now))
            {
                kept.Add(coupon);
                continue;
            }

            // No budget to hold, so the store answers with the coupon (a moved version fails the unit's commit, which retries).
            var withdrawn = coupon with { Status = CouponStatus.Active, ReservationKey = null, ReservedUntil = null, ValidTo = context.Now };
            takenBack.Add((await store.UpdateAsync(withdrawn, coupon.Version, 0, null, cancellationToken).ConfigureAwait(false))!);
        }

        return (takenBack, kept);
    }

    /// <summary>With <see cref="CouponsOptions.RestoreOnFullRefund"/>, gives back the coupons a fully refunded purchase redeemed while they are valid.</summary>
    private async Task<IReadOnlyList<RedemptionResult>> RestoreAsync(RefundContext context, CultureInfo culture, CancellationToken cancellationToken)
    {
        if (!_options.RestoreOnFullRefund || context.RefundedShare < 1m)
        {
            return [];
        }

        var purchaseId = context.PurchaseEntry.PurchaseId;
        var store = context.UnitOfWork.GetStore<ICouponStore>();
        var coupons = await store.ListByKeyAsync(context.PurchaseEntry.CustomerId, purchaseId, cancellationToken).ConfigureAwait(false);
        var results = new List<RedemptionResult>();
        foreach (var coupon in coupons)
        {
            if (context.IsReplay)
            {
                // What the first recording restored is active again and no longer names the purchase: nothing to report but that.
                continue;
            }

            results.Add(await ApplyAsync(
                store,
                inUnit: true,
                coupon,
                coupon.Status != CouponStatus.Redeemed || !Same(coupon.RedemptionKey, purchaseId)
                    ? (RedemptionStatus.Replayed, null, 0)
                    : context.Now >= coupon.ValidTo
                        ? (RedemptionStatus.Expired, null, 0)
                        : (RedemptionStatus.Succeeded, coupon with { Status = CouponStatus.Active, RedemptionKey = null, RedeemedAt = null }, -1),
                context.Now,
                culture,
                cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    private static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.Ordinal);

    /// <summary>
    /// The coupons (among those about to be confirmed for a recorded purchase) whose terms the purchase does not meet, with
    /// every reason, by coupon id: the evaluator's verdict on the purchase as a basket (its lines, store and channel, at its
    /// instant, the customer's tier when it started and purchases before it), and its best combination of these coupons.
    /// </summary>
    /// <remarks>
    /// Reservations do not check terms (they are not given a basket), so this is where a coupon reserved for a basket of
    /// 100.00 meets a purchase recorded at 10.00. The lines are the purchase's net amounts before coupons (coupons are in
    /// <see cref="Purchase.PaidTotal"/>), as the basket was at checkout. The validity is checked at the purchase's instant,
    /// within the tills' clock skew (<see cref="WithinClockSkew"/>). A purchase carries no delivery fee and no store time
    /// zone: delivery-fee coupons are checked on every term but their benefit, and hours and weekdays in the programme's
    /// time zone.
    /// </remarks>
    private async Task<Dictionary<string, IReadOnlyList<CouponReason>>> UnmetTermsAsync(PurchaseContext context, IReadOnlyList<Coupon> coupons, CultureInfo culture, CancellationToken cancellationToken)
    {
        var unmet = new Dictionary<string, IReadOnlyList<CouponReason>>(StringComparer.Ordinal);
        var candidates = new List<Candidate>(coupons.Count);
        var deliveryFee = 0L;
        foreach (var coupon in coupons)
        {
            if (!_templates.TryGetValue(coupon.TemplateId, out var template))
            {
                // Terms that are no longer configured cannot be checked, so they cannot be met.
                unmet[coupon.Id] = [CouponTexts.Reason(culture, CouponReasonCodes.UnknownTemplate, coupon.TemplateId)];
                continue;
            }

            candidates.Add(new Candidate(WithinClockSkew(coupon, context.Purchase.OccurredAt), template, CouponSource.Wallet));
            if (template.Benefit is DeliveryFeeOffBenefit delivery)
            {
                // Enough fee for each delivery coupon's own amount (one minor unit for "all of it"), so the missing fee refuses none.
                deliveryFee += delivery.Amount is { } amount ? Math.Max(amount.ToMinorUnits(), 1) : 1;
            }
        }

        if (candidates.Count == 0)
        {
            return unmet;
        }

        var purchase = context.Purchase;
        var basket = new CouponBasket
        {
            Lines = purchase.Lines,
            StoreId = purchase.StoreId,
            Channel = purchase.Channel,
            DeliveryFee = deliveryFee > 0 ? MinorUnits.ToMoney(deliveryFee, _currency) : null,
            ReservationKey = purchase.Id,
        };
        // A purchase does not mark the lines added free for a "buy N get M, added free" coupon: infer them from the units.
        var prepared = PreparedBasket.Prepare(basket, _currency, _zone, purchase.OccurredAt, _rounding, inferAddedFree: true, culture);
        var tier = candidates.Any(c => c.Template.Conditions.Tiers.Count > 0) ? await context.GetTierAtStartAsync(cancellationToken).ConfigureAwait(false) : null;
        var segments = candidates.Any(c => c.Template.Conditions.Segments.Count > 0) ? await _segments.GetSegmentsAsync(purchase.CustomerId, cancellationToken).ConfigureAwait(false) : [];
        var customer = new CustomerContext(purchase.CustomerId, tier?.Name, segments, context.MetricsBefore.PurchaseCount)
        {
            Recommended = await RecommendedAsync(purchase.CustomerId, candidates, cancellationToken).ConfigureAwait(false),
        };
        var evaluation = _evaluator.Evaluate(prepared, customer, candidates);
        var chosen = evaluation.Best.Coupons.Select(c => c.CouponId).ToHashSet(StringComparer.Ordinal);
        foreach (var coupon in evaluation.Coupons)
        {
            if (!coupon.IsApplicable)
            {
                unmet[coupon.CouponId] = coupon.Reasons;
            }
            else if (!chosen.Contains(coupon.CouponId))
            {
                // Each applies alone but not all together (exclusive, same group, too many, or one cancels another's saving).
                unmet[coupon.CouponId] = [evaluation.Best.LeftOut.TryGetValue(coupon.CouponId, out var why) ? why : CouponTexts.Variant(culture, CouponReasonCodes.NotBest, "Reason.NotBest.Purchase")];
            }
        }

        return unmet;
    }

    /// <summary>
    /// The coupon as its validity is checked at a purchase's instant: the instant is the till's clock, which may be off by up
    /// to <see cref="CrmOptions.MaxClockSkew"/> either way, so a purchase dated that close outside the validity counts as
    /// within it (a coupon issued at the till is not "not yet valid" because the till's clock is a minute behind). Further
    /// out, the validity is left as it is, so the reason names its true bounds.
    /// </summary>
    private Coupon WithinClockSkew(Coupon coupon, Instant at)
    {
        var skew = _settings.Options.MaxClockSkew;
        if (at < coupon.ValidFrom && at >= coupon.ValidFrom - skew)
        {
            return coupon with { ValidFrom = at };
        }

        return at >= coupon.ValidTo && at < coupon.ValidTo + skew ? coupon with { ValidTo = at + Duration.Epsilon } : coupon;
    }

    /// <summary>Logs and counts a refusal a host should see (another customer's coupon, terms the purchase does not meet); returns the result.</summary>
    private RedemptionResult Report(RedemptionResult result, string operation, string couponId, CustomerId customerId, string key)
    {
        if (result.Status is RedemptionStatus.OtherCustomer or RedemptionStatus.TermsNotMet)
        {
            CouponsTelemetry.Refused.Add(1, new KeyValuePair<string, object?>("status", result.Status.ToString()), new KeyValuePair<string, object?>("operation", operation));
            Log.Refused(_logger, operation, couponId, customerId.Value, key, result.Status, string.Join(", ", result.Reasons.Select(r => r.Code)), null);
        }

        return result;
    }

    private static RedemptionStatus? Validity(Coupon coupon, Instant now) =>
        now < coupon.ValidFrom ? RedemptionStatus.NotYetValid : now >= coupon.ValidTo ? RedemptionStatus.Expired : null;

    private static bool CurrencyMatches(CouponTemplate template, Currency currency)
    {
        IEnumerable<Money?> money = template.Benefit switch
        {
            PercentOffBenefit p => [p.MaxDiscount],
            AmountOffBenefit a => [a.Amount],
            ThresholdBenefit t => [t.Minimum, t.Discount],
            LadderBenefit l => l.Steps?.SelectMany(s => new Money?[] { s?.Minimum, s?.Discount }) ?? [],
            FixedPriceBenefit f => [f.Price],
            DeliveryFeeOffBenefit d => [d.Amount],
            _ => [],
        };
        return money.Append(template.Conditions?.MinimumSpend).All(m => m is not { } value || value.IsDefault || value.Currency == currency);
    }

    private async Task<CustomerContext> CustomerAsync(CustomerId customerId, Instant now, IReadOnlyList<Candidate> candidates, CancellationToken cancellationToken)
    {
        var tier = await _tiers.GetTierAsync(customerId, now, null, cancellationToken).ConfigureAwait(false);
        var segments = await _segments.GetSegmentsAsync(customerId, cancellationToken).ConfigureAwait(false);
        var metrics = await _activity.GetMetricsAsync(customerId, cancellationToken).ConfigureAwait(false);
        return new CustomerContext(customerId, tier?.Name, segments, metrics?.PurchaseCount ?? 0)
        {
            Recommended = await RecommendedAsync(customerId, candidates, cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary>The items recommended to the customer, read only when a candidate's scope or qualifying scope targets them (a recommendation costs a model lookup and the customer's history).</summary>
    private async ValueTask<IReadOnlyCollection<string>> RecommendedAsync(CustomerId customerId, IReadOnlyList<Candidate> candidates, CancellationToken cancellationToken) =>
        candidates.Any(c => c.Template.Scope.RecommendedOnly || c.Template.Conditions.QualifyingScope?.RecommendedOnly == true)
            ? await _recommendations.GetRecommendedItemsAsync(customerId, cancellationToken).ConfigureAwait(false)
            : [];

    /// <summary>
    /// The coupon a use of a promo code or an automatic promotion is reserved on: an unused one the customer holds of the
    /// template, or a new one within the per-customer limit; or <see langword="null"/> with the status and reason when there
    /// is none. A new one is not issued when the template is not running now (a promotion's dates), nor when the redemption
    /// budget has no place left, so a refused use writes nothing and spends none of the customer's limit.
    /// </summary>
    private async Task<(Coupon? Coupon, RedemptionStatus Status, CouponReason? Refusal)> CouponForUseAsync(CustomerId customerId, CouponTemplate promo, string reservationKey, CultureInfo culture, CancellationToken cancellationToken)
    {
        var now = _clock.GetCurrentInstant();
        var wallet = await _store.ListByCustomerAsync(customerId, cancellationToken).ConfigureAwait(false);
        var held = wallet.FirstOrDefault(c => c.TemplateId == promo.Id && ((c.Status == CouponStatus.Reserved && Same(c.ReservationKey, reservationKey)) || (c.Status == CouponStatus.Redeemed && Same(c.RedemptionKey, reservationKey))))
            ?? wallet.FirstOrDefault(c => c.TemplateId == promo.Id && c.Status != CouponStatus.Redeemed && !c.IsReservedElsewhere(now, reservationKey) && c.ValidTo > now);
        if (held is not null)
        {
            return (held, RedemptionStatus.Succeeded, null);
        }

        var (from, to) = _issuance.ValidityOf(promo, now);
        if (now < from || now >= to)
        {
            var (localFrom, localTo) = (from.InZone(_zone).LocalDateTime, to.InZone(_zone).LocalDateTime);
            return now < from
                ? (null, RedemptionStatus.NotYetValid, CouponTexts.Variant(culture, CouponReasonCodes.NotYetValid, "Reason.NotYetValid.Promotion", promo.Id, localFrom, localTo))
                : (null, RedemptionStatus.Expired, CouponTexts.Variant(culture, CouponReasonCodes.Expired, "Reason.Expired.Promotion", promo.Id, localFrom, localTo));
        }

        // A read ahead of the issue (the reservation that follows checks the budget atomically): a place taken in between
        // leaves the issued coupon unused in the wallet, where the next use of the code finds it.
        if (promo.Budget.MaxRedeemed is { } max && await _store.GetUsageAtAsync(promo.Id, now, cancellationToken).ConfigureAwait(false) is { } usage && usage.Held + 1 > max)
        {
            return (null, RedemptionStatus.BudgetExhausted, BudgetReason(promo, usage, culture));
        }

        var (result, coupon) = await _issuance.IssueAsync(_store, inUnit: false, new CouponIssueRequest(customerId, promo.Id, CouponIssueReason.Campaign, UseKey(promo, customerId, reservationKey)), culture, cancellationToken).ConfigureAwait(false);
        return coupon is null
            ? (null, RedemptionStatus.BudgetExhausted, new CouponReason(CouponReasonCodes.BudgetExhausted, result.Reason ?? CouponTexts.Format(culture, "Reason.BudgetExhausted.NoMoreUses", promo.Id)))
            : (coupon, RedemptionStatus.Succeeded, null);
    }

    /// <summary>
    /// The issue key of the coupon a use of a promo code or an automatic promotion is issued on: one per template, customer
    /// and checkout, so reserving again issues nothing new.
    /// </summary>
    private static string UseKey(CouponTemplate template, CustomerId customerId, string reservationKey) =>
        BoundedKey($"use:{template.Id}:{customerId.Value}:{reservationKey}");

    /// <summary>A key as it is, or, when longer than the 200 characters a key may have, its prefix and SHA-256 (as unique).</summary>
    private static string BoundedKey(string key) =>
        key.Length <= 200 ? key : key[..key.IndexOf(':', StringComparison.Ordinal)] + ":" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));

    /// <summary>The coupon a promo code or an automatic promotion would be issued on if reserved now, as evaluations see it.</summary>
    private Coupon ToBeIssued(CustomerId customerId, CouponTemplate template, string id, Instant now)
    {
        var (from, to) = _issuance.ValidityOf(template, now);
        return new Coupon { Id = id, TemplateId = template.Id, CustomerId = customerId, Reason = CouponIssueReason.Campaign, IssueKey = id, IssuedAt = now, ValidFrom = from, ValidTo = to };
    }

    /// <summary>
    /// Marks the candidates that would need a place their template no longer has (<see cref="CouponReasonCodes.BudgetExhausted"/>):
    /// the redemption budget, redemptions plus reservations not lapsed counted; for a promo code or an automatic promotion not
    /// held yet, also the issue budget and the customer's use limit. A coupon reserved for this checkout holds its place already.
    /// </summary>
    private async Task MarkBudgetsAsync(IReadOnlyList<Coupon> wallet, List<Candidate> candidates, string? reservationKey, Instant now, CultureInfo culture, CancellationToken cancellationToken)
    {
        var usages = new Dictionary<string, CouponUsage>(StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            var coupon = candidate.Coupon;
            var budget = candidate.Template.Budget;
            var promoLimited = candidate.IssuedOnUse && (budget.MaxIssued is not null || budget.MaxPerCustomer is not null);
            if (HoldsPlace(coupon, now) || coupon.IsReservedElsewhere(now, reservationKey) || (budget.MaxRedeemed is null && !promoLimited))
            {
                // Redeemed or reserved elsewhere say so with their own reasons; reserved for this checkout, it has its place.
                continue;
            }

            if (!usages.TryGetValue(candidate.Template.Id, out var usage))
            {
                usage = await _store.GetUsageAtAsync(candidate.Template.Id, now, cancellationToken).ConfigureAwait(false);
                usages[candidate.Template.Id] = usage;
            }

            if (budget.MaxRedeemed is { } max && usage.Held + 1 > max)
            {
                candidate.Budget = BudgetReason(candidate.Template, usage, culture);
            }
            else if (candidate.IssuedOnUse && budget.MaxIssued is { } maxIssued && usage.Issued >= maxIssued)
            {
                candidate.Budget = CouponTexts.Variant(culture, CouponReasonCodes.BudgetExhausted, "Reason.BudgetExhausted.Issued", candidate.Template.Id, maxIssued, usage.Issued);
            }
            else if (candidate.IssuedOnUse && budget.MaxPerCustomer is { } cap)
            {
                var (start, end) = _issuance.PeriodOf(budget.PerCustomerPeriod, now);
                var used = wallet.Count(c => c.TemplateId == candidate.Template.Id && (start is not { } s || c.IssuedAt >= s) && (end is not { } e || c.IssuedAt < e));
                if (used >= cap)
                {
                    var allowed = CouponTexts.Cap(culture, cap, budget.PerCustomerPeriod, uses: true);
                    candidate.Budget = candidate.Source == CouponSource.Automatic
                        ? CouponTexts.Variant(culture, CouponReasonCodes.BudgetExhausted, "Reason.BudgetExhausted.PromotionUses", candidate.Template.Id, used, allowed)
                        : CouponTexts.Variant(culture, CouponReasonCodes.BudgetExhausted, "Reason.BudgetExhausted.PromoCodeUses", used, allowed);
                }
            }
        }
    }

    /// <summary>Whether and how a coupon is redeemed for a key now: a coupon reserved under the key (even if its reservation lapsed meanwhile, unless another checkout took it), or an active coupon within its validity.</summary>
    private static (RedemptionStatus Status, Coupon? Updated, int RedeemedDelta) Confirm(Coupon coupon, string redemptionKey, Instant now)
    {
        if (coupon.Status == CouponStatus.Redeemed)
        {
            return (Same(coupon.RedemptionKey, redemptionKey) ? RedemptionStatus.Replayed : RedemptionStatus.AlreadyRedeemed, null, 0);
        }

        var reservedForThis = coupon.Status == CouponStatus.Reserved && Same(coupon.ReservationKey, redemptionKey);
        if (!reservedForThis)
        {
            if (coupon.IsReservedElsewhere(now, redemptionKey))
            {
                return (RedemptionStatus.ReservedElsewhere, null, 0);
            }

            if (Validity(coupon, now) is { } invalid)
            {
                return (invalid, null, 0);
            }
        }

        return (RedemptionStatus.Succeeded, coupon with { Status = CouponStatus.Redeemed, ReservationKey = null, ReservedUntil = null, RedemptionKey = redemptionKey, RedeemedAt = now }, 1);
    }

    /// <summary>
    /// Reads, decides and writes with the read version, as a unit of its own; on a lost race it reads and decides again.
    /// A coupon of another customer than <paramref name="customerId"/> is refused before <paramref name="decide"/> sees it.
    /// </summary>
    private Task<RedemptionResult> MutateAsync(string couponId, CustomerId customerId, Func<Coupon, Instant, (RedemptionStatus Status, Coupon? Updated, int RedeemedDelta)> decide, CultureInfo culture, CancellationToken cancellationToken) =>
        _settings.Retry.RunAsync(
            async _ =>
            {
                async Task<RedemptionResult> DecideAndApplyAsync(Coupon coupon)
                {
                    var now = _clock.GetCurrentInstant();
                    return await ApplyAsync(_store, inUnit: false, coupon, coupon.CustomerId == customerId ? decide(coupon, now) : (RedemptionStatus.OtherCustomer, null, 0), now, culture, cancellationToken).ConfigureAwait(false);
                }

                var coupon = await _store.FindAsync(couponId, cancellationToken).ConfigureAwait(false);
                return coupon is null
                    ? new RedemptionResult { Status = RedemptionStatus.NotFound, Coupon = null }
                    : await DecideAndApplyAsync(coupon).ConfigureAwait(false);
            },
            null,
            cancellationToken);

    /// <summary>
    /// Writes a decision about a coupon with the version read. A write that makes the coupon take a place in its template's
    /// redemption budget (reserved or redeemed, from neither) is made only within it, redemptions plus unexpired reservations
    /// counted, which the store checks atomically; in a unit of work the budget is read first, as the store checks it only at the commit.
    /// There <c>placesTaken</c> holds the places earlier writes of the unit took per template: the store reads committed state
    /// only, and without them two lapsed reservations of a template with one place left would both pass the read and fail the
    /// commit on every retry, so the purchase could never be recorded.
    /// </summary>
    private async Task<RedemptionResult> ApplyAsync(ICouponStore store, bool inUnit, Coupon coupon, (RedemptionStatus Status, Coupon? Updated, int RedeemedDelta) decision, Instant now, CultureInfo culture, CancellationToken cancellationToken, Dictionary<string, int>? placesTaken = null)
    {
        var (status, updated, delta) = decision;
        if (updated is null)
        {
            // Another customer's coupon is not handed out: not its reservation key, not its validity.
            return status == RedemptionStatus.OtherCustomer
                ? new RedemptionResult { Status = status, Coupon = null, Reasons = [CouponTexts.Reason(culture, CouponReasonCodes.OtherCustomer)] }
                : new RedemptionResult { Status = status, Coupon = coupon };
        }

        // A coupon already holding its place (a live reservation being confirmed) takes no new one, so a confirmation after
        // a held reservation is never refused for the budget; a release or restore frees its place.
        var template = _templates.GetValueOrDefault(coupon.TemplateId);
        var budget = template?.Budget.MaxRedeemed is { } max && HoldsPlace(updated, now) && !HoldsPlace(coupon, now) ? new CouponBudgetCheck(max, now) : null;
        if (inUnit && budget is not null)
        {
            var usage = await store.GetUsageAtAsync(coupon.TemplateId, now, cancellationToken).ConfigureAwait(false);
            var taken = placesTaken?.GetValueOrDefault(coupon.TemplateId) ?? 0;
            if (usage.Held + taken + 1 > budget.MaxRedeemed)
            {
                return Exhausted(coupon, template!, usage with { Reserved = usage.Reserved + taken }, culture);
            }

            if (placesTaken is not null)
            {
                placesTaken[coupon.TemplateId] = taken + 1;
            }
        }

        var stored = await store.UpdateAsync(updated, coupon.Version, delta, budget, cancellationToken).ConfigureAwait(false);
        return stored is not null
            ? new RedemptionResult { Status = status, Coupon = stored }
            : Exhausted(coupon, template!, await store.GetUsageAtAsync(coupon.TemplateId, now, cancellationToken).ConfigureAwait(false), culture);
    }

    /// <summary>Whether a coupon takes a place in its template's redemption budget at <paramref name="now"/>: redeemed, or reserved and not lapsed.</summary>
    private static bool HoldsPlace(Coupon coupon, Instant now) =>
        coupon.Status == CouponStatus.Redeemed || (coupon.Status == CouponStatus.Reserved && coupon.ReservedUntil > now);

    private static RedemptionResult Exhausted(Coupon coupon, CouponTemplate template, CouponUsage usage, CultureInfo culture) =>
        new RedemptionResult { Status = RedemptionStatus.BudgetExhausted, Coupon = coupon, Reasons = [BudgetReason(template, usage, culture)] };

    /// <summary>The reason a template's redemption budget has no place left, with the numbers.</summary>
    private static CouponReason BudgetReason(CouponTemplate template, CouponUsage usage, CultureInfo culture) =>
        CouponTexts.Reason(culture, CouponReasonCodes.BudgetExhausted, template.Id, template.Budget.MaxRedeemed, usage.Redeemed, usage.Reserved);

    private static class Log
    {
        public static readonly Action<ILogger, string, string, string, string, RedemptionStatus, string, Exception?> Refused = LoggerMessage.Define<string, string, string, string, RedemptionStatus, string>(
            LogLevel.Warning,
            new EventId(1, "CouponRefused"),
            "Coupon {Operation} refused: coupon {CouponId}, customer {CustomerId}, key {Key}: {Status} ({Reasons}).");
    }
}
