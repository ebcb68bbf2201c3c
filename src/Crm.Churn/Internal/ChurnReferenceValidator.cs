using Crm.Internal;
using Microsoft.Extensions.Options;

namespace Crm.Churn.Internal;

/// <summary>
/// Refuses at start-up a win-back coupon action naming a coupon template that no <see cref="ICrmReferenceCatalog"/>
/// defines (Crm.Coupons registers one when installed): without it the action is refused at every evaluation.
/// </summary>
internal sealed class ChurnReferenceValidator(IEnumerable<ICrmReferenceCatalog> catalogs) : IValidateOptions<ChurnOptions>
{
    public ValidateOptionsResult Validate(string? name, ChurnOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var actions = options.Policy?.WinBack?.Actions;
        var templates = new ReferenceCheck(catalogs, CrmReferenceKind.CouponTemplate, "a coupon template");
        var failures = new List<string>();
        for (var i = 0; i < (actions?.Count ?? 0); i++)
        {
            // Only coupon actions issue through the coupon issuer; a message action's template is the host's to read.
            if (actions![i] is { Kind: WinBackActionKind.Coupon } action)
            {
                templates.Check(failures, $"ChurnOptions.Policy at $.winBack.actions[{i}].couponTemplateId", action.CouponTemplateId);
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
