namespace Crm;

/// <summary>The result of <see cref="CrmManager.RecordConsentAsync"/>.</summary>
public sealed class RecordConsentResult
{
    /// <summary>Gets the record as stored (with <see cref="ConsentRecord.RecordedAt"/>); for a replay, the one stored the first time.</summary>
    public required ConsentRecord Record { get; init; }

    /// <summary>Gets whether the record had been recorded before with the same content and nothing was written.</summary>
    public required bool IsReplay { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{(IsReplay ? "Replay of" : "Recorded")} {Record}";
}
