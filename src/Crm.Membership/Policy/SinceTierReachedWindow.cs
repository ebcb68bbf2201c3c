namespace Crm.Membership;

/// <summary>Everything since the member reached their current tier (or joined, for the entry tier).</summary>
/// <remarks>Summed from the activity journal. Suits "stars since you became Gold".</remarks>
public sealed class SinceTierReachedWindow : QualificationWindow
{
}
