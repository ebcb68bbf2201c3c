namespace Crm.Samples;

/// <summary>
/// A progress bar for long steps: redrawn in place on a terminal, printed at each quarter when the output is
/// redirected (so logs stay readable). Implements <see cref="IProgress{T}"/> of a completed count.
/// </summary>
internal sealed class ProgressBar(string label, long total) : IProgress<long>
{
    private const int Width = 30;
    private int _lastShown = -1;

    public void Report(long value)
    {
        var percent = total == 0 ? 100 : (int)(Math.Min(value, total) * 100 / total);
        if (Console.IsOutputRedirected)
        {
            var quarter = percent / 25;
            if (quarter > _lastShown)
            {
                _lastShown = quarter;
                Console.WriteLine($"  {label}: {quarter * 25}%");
            }

            return;
        }

        if (percent == _lastShown)
        {
            return;
        }

        _lastShown = percent;
        var filled = percent * Width / 100;
        Console.Write($"\r  {label} [{new string('#', filled)}{new string('.', Width - filled)}] {percent,3}% ({Math.Min(value, total):N0}/{total:N0})");
        if (percent == 100)
        {
            Console.WriteLine();
        }
    }
}
