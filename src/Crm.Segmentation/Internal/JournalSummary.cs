namespace Crm.Segmentation.Internal;

/// <summary>Purchase counts per daypart and channel, read from a customer's journal when the policy asks for them.</summary>
internal sealed class JournalSummary(int dayparts)
{
    public int Purchases { get; set; }

    public int[] Dayparts { get; } = new int[dayparts];

    public int[] Channels { get; } = new int[Enum.GetValues<SalesChannel>().Length];
}
