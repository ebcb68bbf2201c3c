namespace Crm;

/// <summary>Whether a fact was new or a replay.</summary>
public enum RecordStatus
{
    /// <summary>The fact was new and is now recorded.</summary>
    Recorded = 1,

    /// <summary>The fact's id had been recorded before; nothing changed.</summary>
    Replayed = 2,
}
