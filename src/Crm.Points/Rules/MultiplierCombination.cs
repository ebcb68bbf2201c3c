namespace Crm.Points;

/// <summary>How several multipliers that apply to the same line combine.</summary>
public enum MultiplierCombination
{
    /// <summary>Factors multiply: ×2 (member day) and ×1.5 (gold tier) give ×3.</summary>
    Multiply = 0,

    /// <summary>The extras add up: ×2 and ×1.5 give ×2.5 (1 + 1 + 0.5).</summary>
    Add = 1,
}
