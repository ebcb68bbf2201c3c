namespace Crm.Segmentation.Internal;

internal static class PredicateChecks
{
    public static void ValidateList(IReadOnlyList<SegmentPredicate>? rules, string path)
    {
        if (rules is null || rules.Count == 0)
        {
            throw SegmentationPolicy.Invalid(path + ".rules", "'and' and 'or' need at least one rule.");
        }

        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i] ?? throw SegmentationPolicy.Invalid($"{path}.rules[{i}]", $"Rule {i} is null.");
            rule.Validate($"{path}.rules[{i}]");
        }
    }

    public static IEnumerable<(SegmentPredicate Predicate, string Path)> WalkList(SegmentPredicate self, IReadOnlyList<SegmentPredicate> rules, string path)
    {
        yield return (self, path);
        for (var i = 0; i < rules.Count; i++)
        {
            foreach (var inner in rules[i].Walk($"{path}.rules[{i}]"))
            {
                yield return inner;
            }
        }
    }
}

internal static class CrmJsonNames
{
    public static string Camel(string name) => string.IsNullOrEmpty(name) ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
