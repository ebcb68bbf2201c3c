namespace Crm;

/// <summary>The kind of an <see cref="ActivityEntry"/>.</summary>
public enum ActivityKind
{
    /// <summary>A recorded purchase.</summary>
    Purchase = 1,

    /// <summary>A recorded refund of (part of) a purchase.</summary>
    Refund = 2,
}
