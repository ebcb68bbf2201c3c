using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Crm.Docs.Tests;

/// <summary>
/// Results and explanations print usefully (issue 27): a result a host logs or sees in a debugger shows its numbers and
/// reasons, not <c>System.Collections.Generic.List`1[...]</c> or just its type name.
/// </summary>
public sealed class ResultsPrintTests
{
    private static readonly string[] ResultSuffixes = ["Result", "Outcome", "Award", "Reversal", "Evaluation", "Combination", "Explanation", "Contribution", "Progress", "Balance", "Assessment", "Decision", "Reason"];

    /// <summary>Types whose names end like a result's but which are rules (data a host writes), not results.</summary>
    private static readonly Type[] Rules = [typeof(Crm.Points.EventAward)];

    /// <summary>
    /// Every public result type (by its name's ending) prints its contents: a class that does not override <c>ToString</c>
    /// prints its type name, and a record whose members are printed by the compiler prints a list as its type name.
    /// </summary>
    [Fact]
    public void EveryResultType_HasAToStringOfItsOwn_WhenTheDefaultWouldNotShowItsContents()
    {
        var offenders =
            from assembly in RulesReference.Packages.Select(Assembly.Load)
            from type in assembly.GetExportedTypes()
            where !type.IsEnum && !type.IsInterface && !type.IsAbstract && !Rules.Contains(type) && ResultSuffixes.Any(s => type.Name.EndsWith(s, StringComparison.Ordinal))
            let toString = type.GetMethod(nameof(ToString), BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes)!
            let printMembers = type.GetMethod("PrintMembers", BindingFlags.NonPublic | BindingFlags.Instance, [typeof(System.Text.StringBuilder)])
            let printed = toString.GetCustomAttribute<CompilerGeneratedAttribute>() is null || (printMembers is not null && printMembers.GetCustomAttribute<CompilerGeneratedAttribute>() is null)
            let hasList = type.GetProperties().Any(p => p.PropertyType != typeof(string) && typeof(IEnumerable).IsAssignableFrom(p.PropertyType))
            where toString.DeclaringType == typeof(object) || toString.DeclaringType == typeof(ValueType) || (!printed && hasList)
            select type.FullName;

        offenders.Should().BeEmpty();
    }

    [Fact]
    public void AResult_PrintsItsListsByTheirItems()
    {
        var reversal = new Crm.Points.PointsReversal { RefundId = "r-1", PurchaseId = "p-1", Points = new PointAmount(30), Expired = PointAmount.Zero, Debt = PointAmount.Zero, IsReplay = false, Entries = [] };
        var outcome = new Crm.Coupons.PurchaseCouponsOutcome { PurchaseId = "p-1", Results = [new Crm.Coupons.RedemptionResult { Status = Crm.Coupons.RedemptionStatus.NotFound, Coupon = null }] };

        reversal.ToString().Should().Be("PointsReversal { RefundId = r-1, PurchaseId = p-1, Points = 30 pts, Expired = 0 pts, Debt = 0 pts, IsReplay = False, Entries = [] }");
        outcome.ToString().Should().Be("PurchaseCouponsOutcome { PurchaseId = p-1, Results = [RedemptionResult { Status = NotFound, Coupon = , Reasons = [] }], NextOrder = [] }");
    }
}
