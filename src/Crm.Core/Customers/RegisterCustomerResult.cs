namespace Crm;

/// <summary>The result of <see cref="CrmManager.RegisterCustomerAsync"/>.</summary>
public sealed record RegisterCustomerResult
{
    /// <summary>Gets the stored profile: the new one, or the one registered earlier under the same id.</summary>
    public required CustomerProfile Profile { get; init; }

    /// <summary>Gets a value that is <see langword="true"/> when the id had been registered before and nothing changed (a replay); <see langword="false"/> when this call created the profile.</summary>
    public required bool IsReplay { get; init; }
}
