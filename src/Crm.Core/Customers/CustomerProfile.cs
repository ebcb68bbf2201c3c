using NodaTime;

namespace Crm;

/// <summary>
/// What the library knows about a customer as a person: when they joined, where they shop, their time zone,
/// birthday, contact details and tags. Consents are records of their own (<see cref="ConsentRecord"/>).
/// </summary>
/// <remarks>
/// <para>The profile is the only place that holds personal data (<see cref="Name"/>, <see cref="Phone"/>,
/// <see cref="Email"/>, <see cref="Birthday"/>). Journals, ledgers and metrics refer to the customer by
/// <see cref="Id"/> only, so erasing a person (<see cref="CrmManager.EraseCustomerPersonalDataAsync"/>) touches this record alone.</para>
/// <para>Profiles are immutable: change one with a <c>with</c> expression through <see cref="CrmManager.UpdateCustomerAsync"/>.</para>
/// </remarks>
public sealed record CustomerProfile
{
    /// <summary>Gets the customer's id.</summary>
    public required CustomerId Id { get; init; }

    /// <summary>Gets the instant the customer joined the programme.</summary>
    public required Instant JoinedAt { get; init; }

    /// <summary>Gets the id of the customer's home store, if the host tracks one.</summary>
    public string? HomeStoreId { get; init; }

    /// <summary>Gets the customer's own time zone, or <see langword="null"/> to use the programme's (<see cref="CrmOptions.TimeZone"/>).</summary>
    public DateTimeZone? TimeZone { get; init; }

    /// <summary>Gets the customer's birthday (29 February is valid), or <see langword="null"/> when unknown. Personal data.</summary>
    public LocalDate? Birthday { get; init; }

    /// <summary>Gets the customer's name. Personal data.</summary>
    public string? Name { get; init; }

    /// <summary>Gets the customer's phone number. Personal data.</summary>
    public string? Phone { get; init; }

    /// <summary>Gets the customer's e-mail address. Personal data.</summary>
    public string? Email { get; init; }

    /// <summary>Gets the host's tags for the customer (such as <c>staff</c> or <c>vegan</c>), distinct and sorted ordinally when stored.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Gets the instant the customer's personal data was erased, or <see langword="null"/> when it never was.</summary>
    public Instant? ErasedAt { get; init; }

    /// <summary>Gets the version the store holds: 1 after registration, one more after each update.</summary>
    /// <remarks>Set by the store; ignored when registering.</remarks>
    public long Version { get; init; }
}
