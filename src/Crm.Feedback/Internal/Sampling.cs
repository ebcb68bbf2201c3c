using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Crm.Feedback.Internal;

/// <summary>Decides sampling by a hash of customer and purchase, so the same purchase is decided the same way in every process and on every replay.</summary>
internal static class Sampling
{
    /// <summary>Gets a number in [0, 1) fixed by the customer and the purchase, spread evenly.</summary>
    public static double Draw(CustomerId customerId, string purchaseId)
    {
        // SHA-256 rather than string.GetHashCode, which is randomised per process.
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(customerId.Value + "\u001f" + purchaseId), hash);
        return (BinaryPrimitives.ReadUInt64BigEndian(hash) >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>Determines whether the purchase is in a sample of the rate.</summary>
    public static bool IsSampled(CustomerId customerId, string purchaseId, decimal rate) =>
        rate >= 1m || (rate > 0m && Draw(customerId, purchaseId) < (double)rate);
}
