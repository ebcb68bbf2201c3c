namespace Crm.Churn.Internal;

/// <summary>Draws customer histories from the BG/NBD process, for parameter-recovery tests and benchmarks.</summary>
internal static class BgNbdSimulation
{
    /// <summary>Simulates customers with ages drawn uniformly from [minAge, maxAge]; with <paramref name="wholeUnits"/> times are floored to whole units (days).</summary>
    public static CustomerSummary[] Generate(BgNbdModel model, int count, double minAge, double maxAge, int seed, bool wholeUnits = false)
    {
        var random = new Random(seed);
        var result = new CustomerSummary[count];
        for (var i = 0; i < count; i++)
        {
            var age = minAge + (random.NextDouble() * (maxAge - minAge));
            if (wholeUnits)
            {
                age = Math.Max(1, Math.Floor(age));
            }

            var lambda = Gamma(random, model.R) / model.Alpha;
            var ga = Gamma(random, model.A);
            var p = ga / (ga + Gamma(random, model.B));
            var t = 0.0;
            var x = 0;
            var last = 0.0;
            while (true)
            {
                t += -Math.Log(1.0 - random.NextDouble()) / lambda;
                if (t > age)
                {
                    break;
                }

                x++;
                last = t;
                if (random.NextDouble() < p)
                {
                    break;
                }
            }

            if (wholeUnits)
            {
                last = Math.Floor(last);
            }

            result[i] = new CustomerSummary(x, x == 0 ? 0 : last, age);
        }

        return result;
    }

    /// <summary>A Gamma(shape, 1) draw (Marsaglia and Tsang, with the shape &lt; 1 boost).</summary>
    private static double Gamma(Random random, double shape)
    {
        if (shape < 1)
        {
            return Gamma(random, shape + 1) * Math.Pow(1.0 - random.NextDouble(), 1.0 / shape);
        }

        var d = shape - (1.0 / 3);
        var c = 1.0 / Math.Sqrt(9 * d);
        while (true)
        {
            double z, v;
            do
            {
                z = Normal(random);
                v = 1 + (c * z);
            }
            while (v <= 0);

            v = v * v * v;
            var u = 1.0 - random.NextDouble();
            if (Math.Log(u) < (0.5 * z * z) + d - (d * v) + (d * Math.Log(v)))
            {
                return d * v;
            }
        }
    }

    private static double Normal(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
