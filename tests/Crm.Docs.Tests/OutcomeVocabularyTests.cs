using System.Reflection;

namespace Crm.Docs.Tests;

/// <summary>
/// One vocabulary for outcomes across packages (issue 27, docs/concepts.md "Outcomes"): a replay is <c>IsReplay</c> on the
/// result and <c>Replayed</c> in a status enum, and a result a host reads can gain a field without breaking its callers.
/// </summary>
public sealed class OutcomeVocabularyTests
{
    /// <summary>Status members named "Already…" that are business states, not replays of the same call.</summary>
    private static readonly string[] BusinessStates = ["RedemptionStatus.AlreadyRedeemed"];

    private static IEnumerable<Type> ExportedTypes => RulesReference.Packages.Select(Assembly.Load).SelectMany(a => a.GetExportedTypes());

    [Fact]
    public void EveryReplayFlag_IsNamedIsReplay_AndEveryReplayStatus_Replayed()
    {
        var flags =
            from type in ExportedTypes
            from property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            where property.PropertyType == typeof(bool) && (property.Name.StartsWith("WasAlready", StringComparison.Ordinal) || property.Name is "WasReplay" or "Replayed" or "Created" or "Appended" || property.Name.StartsWith("Already", StringComparison.Ordinal))
            select $"{type.Name}.{property.Name}";
        var statuses =
            from type in ExportedTypes
            where type.IsEnum
            from name in Enum.GetNames(type)
            where name.StartsWith("Already", StringComparison.Ordinal) && !BusinessStates.Contains($"{type.Name}.{name}")
            select $"{type.Name}.{name}";

        flags.Concat(statuses).Should().BeEmpty("a replay is IsReplay on a result and Replayed in a status (docs/concepts.md)");
    }

    [Fact]
    public void EveryResultWithAReplayedStatus_SaysIsReplay()
    {
        var withoutFlag =
            from type in ExportedTypes
            let status = type.GetProperty("Status", BindingFlags.Public | BindingFlags.Instance)
            where status is not null && status.PropertyType.IsEnum && Enum.GetNames(status.PropertyType).Contains("Replayed")
            where type.GetProperty("IsReplay", BindingFlags.Public | BindingFlags.Instance)?.PropertyType != typeof(bool)
            select type.FullName;

        withoutFlag.Should().BeEmpty();
    }

    /// <summary>
    /// Every record a manager returns, and every record reachable from it, has init-only properties instead of a public
    /// positional constructor, so a field added later breaks no caller; small values of up to three fields that belong
    /// together (<c>Estimate(Value, Lower, Upper)</c>, <c>CouponReason(Code, Message)</c>) may stay positional.
    /// </summary>
    [Fact]
    public void EveryManagerResult_HasInitOnlyProperties_NotAPositionalConstructorOfMoreThanThreeFields()
    {
        var seen = new HashSet<Type>();
        var pending = new Queue<Type>(
            from type in ExportedTypes
            where type.IsClass && (type.Name.EndsWith("Manager", StringComparison.Ordinal) || type.Name.EndsWith("RecordResultExtensions", StringComparison.Ordinal))
            from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            from result in Unwrap(method.ReturnType)
            select result);
        var offenders = new List<string>();
        while (pending.TryDequeue(out var type))
        {
            if (!seen.Add(type))
            {
                continue;
            }

            if (IsRecord(type) && type.GetConstructors().Any(c => c.GetParameters().Length > 3 && !IsCopyConstructor(c, type)))
            {
                offenders.Add(type.FullName!);
            }

            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                foreach (var reachable in Unwrap(property.PropertyType))
                {
                    pending.Enqueue(reachable);
                }
            }
        }

        seen.Should().Contain([typeof(Crm.Points.PointsBalance), typeof(Crm.Points.PointsReversal), typeof(CouponIssueResult)], "the walk must reach the results the issue named");
        offenders.Should().BeEmpty();
    }

    /// <summary>A record class: classes with constructors of their own (a fitted model, metrics rebuilt by an adapter) are not results a caller builds.</summary>
    private static bool IsRecord(Type type) => type.IsClass && type.GetMethod("<Clone>$") is not null;

    private static bool IsCopyConstructor(ConstructorInfo constructor, Type type) =>
        constructor.GetParameters() is [var only] && only.ParameterType == type;

    /// <summary>The library's own types inside a return or property type: through tasks, nullables, arrays and generic collections.</summary>
    private static IEnumerable<Type> Unwrap(Type type)
    {
        if (type.IsArray)
        {
            return Unwrap(type.GetElementType()!);
        }

        if (type.IsGenericType)
        {
            return type.GetGenericArguments().SelectMany(Unwrap);
        }

        return type.Namespace is { } ns && (ns == "Crm" || ns.StartsWith("Crm.", StringComparison.Ordinal)) && !type.IsEnum && !type.IsInterface ? [type] : [];
    }
}
