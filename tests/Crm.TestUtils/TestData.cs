namespace Crm.TestUtils;

/// <summary>
/// Reference data shipped with the tests (tests/data), so that a clean clone runs every test without anything
/// outside the repository. The CDNOW files are copies of ../shared/data/cdnow.
/// </summary>
public static class TestData
{
    /// <summary>The full path of a file of the repository, e.g. <c>RepositoryFile("docs", "rules-reference.md")</c>.</summary>
    public static string RepositoryFile(params string[] parts)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Crm.Core.sln")))
            {
                return System.IO.Path.Combine([directory.FullName, .. parts]);
            }

            directory = directory.Parent;
        }

        throw new DirectoryNotFoundException($"The repository root (with Crm.Core.sln) was not found above {AppContext.BaseDirectory}.");
    }

    /// <summary>The full path of a file under tests/data, e.g. <c>Path("cdnow", "CDNOW_master.txt")</c>.</summary>
    public static string Path(params string[] parts)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null)
        {
            var candidate = System.IO.Path.Combine([directory.FullName, "tests", "data", .. parts]);
            if (File.Exists(candidate))
            {
                return candidate;
            }

            directory = directory.Parent;
        }

        throw new FileNotFoundException($"tests/data/{string.Join('/', parts)} was not found above {AppContext.BaseDirectory}.");
    }
}
