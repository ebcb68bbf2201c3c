using System.Globalization;
using System.Text.Json.Serialization;
using Crm.Segmentation.Internal;

namespace Crm.Segmentation;

/// <summary>
/// A condition of a <see cref="RuleSegment"/>, written in JSON with a <c>kind</c>: <c>and</c>, <c>or</c>, <c>not</c>, <c>metric</c>,
/// <c>categoryShare</c>, <c>tag</c>, <c>birthdayMonth</c>, <c>segment</c> or <c>tier</c>.
/// </summary>
/// <example>
/// <code language="json">
/// { "kind": "and", "rules": [
///   { "kind": "metric", "metric": "recencyDays", "atMost": 30 },
///   { "kind": "not", "rule": { "kind": "tag", "tag": "staff" } },
///   { "kind": "or", "rules": [ { "kind": "birthdayMonth" }, { "kind": "segment", "segment": "champions" } ] } ] }
/// </code>
/// </example>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(AndPredicate), "and")]
[JsonDerivedType(typeof(OrPredicate), "or")]
[JsonDerivedType(typeof(NotPredicate), "not")]
[JsonDerivedType(typeof(MetricPredicate), "metric")]
[JsonDerivedType(typeof(CategorySharePredicate), "categoryShare")]
[JsonDerivedType(typeof(TagPredicate), "tag")]
[JsonDerivedType(typeof(BirthdayMonthPredicate), "birthdayMonth")]
[JsonDerivedType(typeof(InSegmentPredicate), "segment")]
[JsonDerivedType(typeof(TierPredicate), "tier")]
public abstract class SegmentPredicate
{
    private protected SegmentPredicate()
    {
    }

    internal virtual bool NeedsProfile => false;

    internal virtual bool NeedsTier => false;

    internal abstract void Validate(string path);

    /// <summary>This condition and every condition inside it, each with its JSON path (for the checks of what they refer to).</summary>
    internal virtual IEnumerable<(SegmentPredicate Predicate, string Path)> Walk(string path) => [(this, path)];

    internal abstract bool Evaluate(SegmentFacts facts);

    /// <summary>Describes the condition with the customer's values, for the explanation of a match, in the run's culture.</summary>
    internal abstract string Describe(SegmentFacts facts, CultureInfo culture);
}
