namespace Crm;

/// <summary>What <see cref="CrmManager.LinkIdentifierAsync"/> did.</summary>
public sealed class LinkIdentifierResult
{
    /// <summary>Gets the stored link (the first one, on a replay).</summary>
    public required CustomerIdentifierLink Link { get; init; }

    /// <summary>Gets a value indicating whether the identifier was linked to this customer before, so nothing was written.</summary>
    public required bool IsReplay { get; init; }

    /// <summary>Gets the link and whether it was a replay, without the value (personal data).</summary>
    /// <returns>Such as <c>Linked c-1: Phone</c> or <c>Already linked c-1: Phone</c>.</returns>
    public override string ToString() => $"{(IsReplay ? "Already linked" : "Linked")} {Link}";
}
