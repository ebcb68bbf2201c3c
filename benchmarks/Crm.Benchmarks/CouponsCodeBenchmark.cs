using BenchmarkDotNet.Attributes;
using Crm.Coupons.Internal;

namespace Crm.Benchmarks;

/// <summary>
/// Coupon codes: the cost of one code, and (run once with <c>--job dry</c>) a check that 10,000,000 codes have no
/// collision. The check keeps each code's 70 random bits as a <see cref="UInt128"/> in one array (160 MB), sorts it and
/// compares neighbours; it throws on a collision.
/// </summary>
[MemoryDiagnoser]
public class CouponsCodeBenchmark
{
    [Benchmark]
    public string GenerateCode() => CouponCodes.Generate();
}

/// <summary>The 10,000,000-code collision check; run with <c>--filter '*CouponsCodeCollision*' --job dry</c>.</summary>
public class CouponsCodeCollisionCheck
{
    [Benchmark]
    public int TenMillionCodes_NoCollision()
    {
        const int count = 10_000_000;
        var values = new UInt128[count];
        for (var i = 0; i < count; i++)
        {
            var code = CouponCodes.Generate();
            UInt128 value = 0;
            for (var k = 0; k < CouponCodes.RandomLength; k++)
            {
                value = (value << 5) | (uint)CouponCodes.Alphabet.IndexOf(code[k], StringComparison.Ordinal);
            }

            values[i] = value;
        }

        Array.Sort(values);
        for (var i = 1; i < count; i++)
        {
            if (values[i] == values[i - 1])
            {
                throw new InvalidOperationException($"Collision after sorting at index {i}.");
            }
        }

        Console.WriteLine($"// 10,000,000 coupon codes: no collision.");
        return count;
    }
}
