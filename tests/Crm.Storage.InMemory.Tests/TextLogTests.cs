using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Crm.Storage.InMemory.Tests;

public sealed class TextLogTests
{
    public static TheoryData<string?> Texts() => new()
    {
        null,
        string.Empty,
        "purchase:p-000123",
        "会员日双倍积分",
        "mixed: latte 拿铁 +45 pts",
        "lone surrogate \uD800 and \uDC00 kept as given",
        new string('x', 300),
        new string('积', 70_000),
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Add_ThenGet_ReturnsTheSameText(string? text)
    {
        // Texts of odd and even length before it, so that it starts at an odd and at an even byte offset.
        foreach (var before in new[] { "x", "ab" })
        {
            var log = new TextLog();
            log.Add(before);

            var kept = log.Add(text);

            Assert.Equal(text, log.Get(kept));
        }
    }

    [Fact]
    public void Add_Ascii_KeepsOneBytePerCharacter_OtherTextTwo()
    {
        var log = new TextLog();

        Assert.Equal(17, log.Add("purchase:p-000123").ByteCount);
        Assert.Equal(14, log.Add("会员日双倍积分").ByteCount);
        Assert.Equal(1, log.Add("x").ByteCount);
        Assert.Equal(0, log.Add("积").At.Offset % 2);
        Assert.Equal(0, log.Add(string.Empty).ByteCount);
        Assert.Equal(0, log.Add(null).ByteCount);
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void AlternateLookup_FindsKeptKeyByItsCharacters(string? text)
    {
        if (text is null)
        {
            return;
        }

        var log = new TextLog();
        var map = new Dictionary<TextRef, int>(log) { [log.Add("other")] = 1, [log.Add(text)] = 2, [log.Add(text + "!")] = 3 };
        var lookup = map.GetAlternateLookup<ReadOnlySpan<char>>();

        Assert.True(lookup.TryGetValue(text, out var found));
        Assert.Equal(2, found);
        Assert.True(lookup.TryGetValue(text + "!", out found));
        Assert.Equal(3, found);
        Assert.False(lookup.TryGetValue(text + "?", out _));
    }

    [Fact]
    public void Comparer_NullAndEmptyDiffer()
    {
        var log = new TextLog();
        var none = log.Add(null);
        var empty = log.Add(string.Empty);

        Assert.False(log.Equals(none, empty));
        Assert.False(log.Equals(ReadOnlySpan<char>.Empty, none));
        Assert.True(log.Equals(ReadOnlySpan<char>.Empty, empty));
    }

    [Property(MaxTest = 1000)]
    public Property AnyTwoTexts_RoundTripAndCompareLikeTheirStrings() =>
        Prop.ForAll(ShortTexts(), ShortTexts(), (a, b) =>
        {
            var log = new TextLog();
            var keptA = log.Add(a);
            var keptB = log.Add(b);
            return log.Get(keptA) == a
                && log.Get(keptB) == b
                && log.Equals(keptA, keptB) == string.Equals(a, b, StringComparison.Ordinal)
                && log.Equals(a.AsSpan(), keptB) == string.Equals(a, b, StringComparison.Ordinal)
                && log.GetHashCode(keptA) == log.GetHashCode(a.AsSpan());
        });

    // ASCII, CJK and unpaired surrogates, short enough that equal pairs come up.
    private static Arbitrary<string> ShortTexts() =>
        (from length in Gen.Choose(0, 6)
         from chars in Gen.Elements('a', 'b', ':', '-', '1', '积', '分', '\uD800', '\uDC00', '\uD83D', '\uDE00').ArrayOf(length)
         select new string(chars)).ToArbitrary();
}
