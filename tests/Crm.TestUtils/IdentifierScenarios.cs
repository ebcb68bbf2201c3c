using System.Globalization;
using NodaTime;

namespace Crm.TestUtils;

/// <summary>Identifier scenarios every storage adapter must pass, through <see cref="CrmManager"/>.</summary>
public static class IdentifierScenarios
{
    /// <summary>A lookup key for tests only (32 bytes); hosts take theirs from a secret store.</summary>
    public static readonly byte[] TestLookupKey = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    /// <summary>Turns identifiers on with <see cref="TestLookupKey"/>.</summary>
    public static ICrmBuilder WithIdentifiers(this ICrmBuilder builder) => builder.AddCustomerIdentifiers(o => o.LookupKey = TestLookupKey);

    /// <summary>
    /// 100 customers link the same phone at once (each written another way): exactly one link succeeds, the other 99 are
    /// refused with <c>identifier.taken</c>, and the phone finds the winner.
    /// </summary>
    public static async Task ParallelLinksOfOnePhoneAsync(Action<ICrmBuilder> storage)
    {
        using var crm = TestCrm.Create(Instant.FromUtc(2026, 7, 1, 2, 0), b => storage(b.WithIdentifiers()));
        var run = Guid.NewGuid().ToString("N")[..12];

        // A fresh mainland mobile per run, so runs against one shared database never meet.
        var mobile = "139" + (Math.Abs(BitConverter.ToInt64(Guid.NewGuid().ToByteArray()) % 100_000_000)).ToString("D8", CultureInfo.InvariantCulture);
        string[] spellings = [mobile, "+86 " + mobile, "0086-" + mobile, $"+86 ({mobile[..3]}) {mobile[3..7]}-{mobile[7..]}"];
        var customers = Enumerable.Range(0, 100).Select(i => new CustomerId($"id-{run}-{i.ToString(CultureInfo.InvariantCulture)}")).ToList();
        foreach (var customer in customers)
        {
            await crm.Manager.RegisterCustomerAsync(new CustomerProfile { Id = customer, JoinedAt = Instant.FromUtc(2026, 1, 1, 0, 0) });
        }

        var outcomes = await Task.WhenAll(customers.Select((c, i) => Task.Run(async () =>
        {
            try
            {
                return (Customer: c, Result: (LinkIdentifierResult?)await crm.Manager.LinkIdentifierAsync(c, CustomerIdentifier.Phone(spellings[i % spellings.Length])), Error: (CrmException?)null);
            }
            catch (CrmValidationException e)
            {
                return (Customer: c, Result: (LinkIdentifierResult?)null, Error: (CrmException?)e);
            }
        })));
        var subscriber = mobile.Substring(3);

        var winner = outcomes.Should().ContainSingle(o => o.Result != null).Subject;
        outcomes.Where(o => o.Error != null).Should().HaveCount(99).And.OnlyContain(o => o.Error!.ErrorCode == CrmErrorCodes.IdentifierTaken);
        outcomes.Where(o => o.Error != null).Should().OnlyContain(o => !o.Error!.Message.Contains(subscriber, StringComparison.Ordinal) && !o.Error.Message.Contains(winner.Customer.Value, StringComparison.Ordinal));
        winner.Result!.IsReplay.Should().BeFalse();
        (await crm.Manager.FindCustomerByIdentifierAsync(CustomerIdentifier.Phone("+86" + mobile))).Should().Be(winner.Customer);
        foreach (var loser in customers.Where(c => c != winner.Customer).Take(10))
        {
            (await crm.Manager.ListIdentifiersAsync(loser)).Should().BeEmpty();
        }
    }
}
