using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Crm.Simulation.Internal;

/// <summary>A deterministic sample: a customer is kept when a hash of the seed and its id falls below the fraction, the same in every process.</summary>
internal static class Sampling
{
    public static bool Keeps(CustomerId id, int seed, double fraction)
    {
        // SHA-256 rather than string.GetHashCode, which is randomised per process.
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(seed.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\u001f" + id.Value), hash);
        return fraction >= 1d || (BinaryPrimitives.ReadUInt64BigEndian(hash) >> 11) * (1.0 / (1UL << 53)) < fraction;
    }
}
