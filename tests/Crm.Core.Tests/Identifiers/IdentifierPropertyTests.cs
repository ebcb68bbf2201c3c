using Crm.TestUtils;
using NodaTime;

namespace Crm.Core.Tests.Identifiers;

/// <summary>Random link and unlink sequences over a few customers and identifiers agree with a dictionary.</summary>
public sealed class IdentifierPropertyTests
{
    // Several spellings of the same identifiers: the model knows them by index, the manager by normal form.
    private static readonly CustomerIdentifier[][] Identifiers =
    [
        [CustomerIdentifier.Phone("13800138000"), CustomerIdentifier.Phone("+86 138 0013 8000"), CustomerIdentifier.Phone("0086-138-0013-8000")],
        [CustomerIdentifier.Phone("+852 9123 4567"), CustomerIdentifier.Phone("+85291234567")],
        [CustomerIdentifier.MemberCard("vip 001"), CustomerIdentifier.MemberCard("VIP001")],
        [CustomerIdentifier.WeChatOpenId("wx-mini", "o-same")],
        [CustomerIdentifier.WeChatOpenId("wx-official", "o-same")],
    ];

    [FsCheck.Xunit.Property(MaxTest = 60)]
    public FsCheck.Property EachIdentifierAtMostOneCustomer_FindAgreesWithList_Holds() =>
        FsCheck.Fluent.Prop.ForAll(
            FsCheck.Fluent.Arb.From(FsCheck.Fluent.Gen.Choose(0, int.MaxValue)),
            seed => RunAsync(seed).GetAwaiter().GetResult());

    private static async Task<bool> RunAsync(int seed)
    {
        var random = new Random(seed);
        using var crm = TestCrm.Create(Instant.FromUtc(2026, 7, 1, 0, 0), b => b.WithIdentifiers());
        var customers = Enumerable.Range(0, 3).Select(i => new CustomerId($"c-{i}")).ToArray();
        foreach (var customer in customers)
        {
            await crm.Manager.RegisterCustomerAsync(new CustomerProfile { Id = customer, JoinedAt = Instant.FromUtc(2026, 1, 1, 0, 0) });
        }

        var model = new Dictionary<int, int>();
        for (var step = 0; step < 25; step++)
        {
            var c = random.Next(customers.Length);
            var i = random.Next(Identifiers.Length);
            var spelling = Identifiers[i][random.Next(Identifiers[i].Length)];
            if (random.Next(3) > 0)
            {
                try
                {
                    var result = await crm.Manager.LinkIdentifierAsync(customers[c], spelling);
                    if (model.TryGetValue(i, out var owner) ? owner != c || !result.IsReplay : result.IsReplay)
                    {
                        return false;
                    }

                    model[i] = c;
                }
                catch (CrmValidationException e) when (e.ErrorCode == CrmErrorCodes.IdentifierTaken)
                {
                    if (!model.TryGetValue(i, out var owner) || owner == c)
                    {
                        return false;
                    }
                }
            }
            else
            {
                var removed = await crm.Manager.UnlinkIdentifierAsync(customers[c], spelling);
                if (removed != (model.TryGetValue(i, out var owner) && owner == c))
                {
                    return false;
                }

                if (removed)
                {
                    model.Remove(i);
                }
            }

            if (!await AgreesAsync(crm.Manager, customers, model))
            {
                return false;
            }
        }

        return true;
    }

    private static async Task<bool> AgreesAsync(CrmManager manager, CustomerId[] customers, Dictionary<int, int> model)
    {
        for (var i = 0; i < Identifiers.Length; i++)
        {
            var found = await manager.FindCustomerByIdentifierAsync(Identifiers[i][0]);
            if (found != (model.TryGetValue(i, out var owner) ? customers[owner] : null))
            {
                return false;
            }
        }

        var listed = 0;
        for (var c = 0; c < customers.Length; c++)
        {
            var links = await manager.ListIdentifiersAsync(customers[c]);
            listed += links.Count;
            var expected = model.Where(m => m.Value == c).Select(m => Identifiers[m.Key][0].Normalize()).ToHashSet();
            if (!links.Select(l => l.ToIdentifier()).ToHashSet().SetEquals(expected))
            {
                return false;
            }

            // Find agrees with list: each listed identifier finds this customer.
            foreach (var link in links)
            {
                if (await manager.FindCustomerByIdentifierAsync(link.ToIdentifier()) != customers[c])
                {
                    return false;
                }
            }
        }

        return listed == model.Count;
    }
}
