namespace Crm;

/// <summary>The result of <see cref="CrmManager.RegisterCustomerAsync"/>.</summary>
/// <param name="Profile">The stored profile: the new one, or the one registered earlier under the same id.</param>
/// <param name="Created"><see langword="true"/> when the profile was created by this call; <see langword="false"/> when the id was registered before and nothing changed.</param>
public sealed record RegisterCustomerResult(CustomerProfile Profile, bool Created);
