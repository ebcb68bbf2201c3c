namespace Crm.Docs.Tests;

/// <summary>
/// The error codes the documentation names are the ones the code throws, and every code the code throws is documented:
/// a host matches on these strings, so a wrong one in the docs (<c>CRM_RULES_INVALID</c> for <c>rules.invalid</c>) is a bug.
/// </summary>
public sealed class ErrorCodesTests
{
    [Fact]
    public void Inventory_FindsThePackagesCodesAndDocuments()
    {
        ErrorCodes.Defined.Should().ContainKey("rules.invalid").And.ContainKey("purchase.id_reused").And.ContainKey("churn.feedback_invalid");
        ErrorCodes.Documents.Select(d => d.Name).Should().Contain(["docs/rules-reference.md", "README.md", "src/Crm.Coupons/README.md"]);
    }

    [Fact]
    public void EveryErrorCodeADocumentNames_IsDefined()
    {
        var unknown = ErrorCodes.Mentions()
            .Where(m => !ErrorCodes.Defined.ContainsKey(m.Code) && !ErrorCodes.OtherCodes.ContainsKey(m.Code))
            .Select(m => $"{m.Document} line {m.Line}: `{m.Code}`")
            .ToList();

        unknown.Should().BeEmpty("every code the documentation names must be a constant of an *ErrorCodes class (the code hosts see); defined: {0}", string.Join(", ", ErrorCodes.Defined.Keys.Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void EveryDefinedErrorCode_IsDocumented()
    {
        var undocumented = ErrorCodes.Defined
            .Where(c => !ErrorCodes.Documents.Any(d => d.Text.Contains($"`{c.Key}`", StringComparison.Ordinal)))
            .Select(c => $"{c.Value} (`{c.Key}`)")
            .Order(StringComparer.Ordinal)
            .ToList();

        undocumented.Should().BeEmpty("every error code must be named, in backticks, in docs/ (docs/error-codes.md lists them) or a package README");
    }
}
