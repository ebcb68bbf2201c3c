using System.Globalization;
using System.Runtime.CompilerServices;

namespace Crm.Coupons.Internal;

/// <summary>
/// Formats a reason's message only when reasons are being collected: the combination search calls the evaluator
/// thousands of times without a reason list and should not pay for sentences nobody reads.
/// </summary>
[InterpolatedStringHandler]
internal ref struct ReasonMessage
{
    private DefaultInterpolatedStringHandler _inner;

    public ReasonMessage(int literalLength, int formattedCount, List<CouponReason>? reasons, out bool shouldAppend)
    {
        shouldAppend = reasons is not null;
        _inner = shouldAppend ? new DefaultInterpolatedStringHandler(literalLength, formattedCount, CultureInfo.InvariantCulture) : default;
    }

    public void AppendLiteral(string value) => _inner.AppendLiteral(value);

    public void AppendFormatted<T>(T value) => _inner.AppendFormatted(value);

    public string ToStringAndClear() => _inner.ToStringAndClear();
}
