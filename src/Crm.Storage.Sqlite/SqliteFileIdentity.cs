using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Crm.Storage.Sqlite;

/// <summary>
/// Asks SQLite whether the file a connection has open is still the file at its path: not deleted, renamed, or replaced by
/// another (<c>SQLITE_FCNTL_HAS_MOVED</c>).
/// </summary>
/// <remarks>
/// <para>A connection keeps its file open: when the file is deleted or another is renamed over the path (a backup restored
/// under a running host), the connection goes on reading and writing the old, unlinked file, and every write it
/// acknowledges is lost to any process that opens the path. What tells the two files apart is the file's identity (device
/// and inode), not its content, so the simple designs fail:</para>
/// <list type="bullet">
/// <item>a marker written in the database (a random id in a table) is read through the same connection, from the old file,
/// so it always matches; and a restored copy of the database carries the same marker;</item>
/// <item>.NET has no API for a file's inode or id; a file's creation time and length are not identities;</item>
/// <item>calling <c>stat</c> ourselves means declaring <c>struct stat</c>, whose layout differs by OS and architecture.</item>
/// </list>
/// <para>SQLite itself answers the question: its unix VFS compares the inode of the open file with that of the path (one
/// <c>stat</c> of the path), the check it makes before it writes a rollback journal, but not in WAL mode, which is why the
/// adapter asks for it before each commit. Microsoft.Data.Sqlite does not expose <c>sqlite3_file_control</c>, so it is
/// resolved once from the native SQLite library the provider loaded. On Windows an open database file cannot be deleted or
/// renamed over (SQLite opens it without <c>FILE_SHARE_DELETE</c>); the Windows VFS does not answer, and nothing needs to
/// be checked. Where the library cannot be resolved (a custom build without the export) the check is skipped.</para>
/// </remarks>
internal static class SqliteFileIdentity
{
    private const int SqliteOk = 0;

    // SQLITE_FCNTL_HAS_MOVED in sqlite3.h.
    private const int FileControlHasMoved = 20;

    private static readonly byte[] MainDatabase = "main\0"u8.ToArray();

    private static readonly FileControl? Control = Resolve();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int FileControl(IntPtr database, byte[] name, int operation, ref int result);

    /// <summary>Gets whether the connection's main database file was deleted, renamed or replaced since the connection opened it.</summary>
    /// <param name="connection">An open connection.</param>
    /// <returns><see langword="true"/> when it was; <see langword="false"/> when it was not or SQLite cannot tell.</returns>
    public static bool HasMoved(SqliteConnection connection)
    {
        if (Control is null || connection.Handle is not { } handle)
        {
            return false;
        }

        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            var moved = 0;
            return Control(handle.DangerousGetHandle(), MainDatabase, FileControlHasMoved, ref moved) == SqliteOk && moved != 0;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>Finds <c>sqlite3_file_control</c> in the native library SQLitePCLRaw's provider loaded (resolved as the provider's own imports are).</summary>
    private static FileControl? Resolve()
    {
        try
        {
            var library = SQLitePCL.raw.GetNativeLibraryName();
            var provider = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == "SQLitePCLRaw.provider." + library)
                ?? typeof(SQLitePCL.raw).Assembly;
            return NativeLibrary.TryLoad(library, provider, null, out var handle) && NativeLibrary.TryGetExport(handle, "sqlite3_file_control", out var export)
                ? Marshal.GetDelegateForFunctionPointer<FileControl>(export)
                : null;
        }
        catch (Exception)
        {
            // Whatever fails here (no provider, no such export), the check is skipped: failing every write instead would
            // take a working database down for want of a safety check.
            return null;
        }
    }
}
