using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

namespace Crm.Campaigns.Internal;

/// <summary>
/// Picks a customer's arm from a SHA-256 hash of (campaign id, salt, customer id): the same in every process and on every
/// replay (string.GetHashCode is randomised per process), independent across salts, and a function of the customer alone,
/// so customers already assigned keep their arm when the audience grows.
/// </summary>
internal sealed class AssignmentHash
{
    // The unit separator keeps ("ab", "c") and ("a", "bc") apart.
    private const char Separator = '\u001f';

    private static readonly ConditionalWeakTable<Campaign, AssignmentHash> Cache = new();

    private readonly byte[] _prefix;
    private readonly double[] _bounds;

    private AssignmentHash(Campaign campaign)
    {
        _prefix = Encoding.UTF8.GetBytes(campaign.Id + Separator + campaign.Salt + Separator);
        var total = campaign.Arms.Sum(a => a.Weight);
        _bounds = new double[campaign.Arms.Count];
        var cumulative = 0m;
        for (var i = 0; i < _bounds.Length; i++)
        {
            cumulative += campaign.Arms[i].Weight;
            _bounds[i] = (double)(cumulative / total);
        }

        _bounds[^1] = 1.0;
    }

    /// <summary>Gets the hash of a campaign, built once per campaign instance.</summary>
    public static AssignmentHash For(Campaign campaign) => Cache.GetValue(campaign, c => new AssignmentHash(c));

    /// <summary>Gets a number in [0, 1) fixed by the campaign, the salt and the customer, spread evenly.</summary>
    public double Draw(CustomerId customerId)
    {
        var id = customerId.Value;
        var length = _prefix.Length + Encoding.UTF8.GetMaxByteCount(id.Length);
        Span<byte> buffer = length <= 512 ? stackalloc byte[length] : new byte[length];
        _prefix.CopyTo(buffer);
        var written = _prefix.Length + Encoding.UTF8.GetBytes(id, buffer[_prefix.Length..]);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(buffer[..written], hash);

        // The top 53 bits: every double in [0, 1) on the grid of 2^-53, equally likely.
        return (BinaryPrimitives.ReadUInt64BigEndian(hash) >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>Gets the index of the customer's arm: the first whose cumulative share exceeds the draw.</summary>
    public int ArmIndex(CustomerId customerId)
    {
        var draw = Draw(customerId);
        for (var i = 0; i < _bounds.Length - 1; i++)
        {
            if (draw < _bounds[i])
            {
                return i;
            }
        }

        return _bounds.Length - 1;
    }
}
