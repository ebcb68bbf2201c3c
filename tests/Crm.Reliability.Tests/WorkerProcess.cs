using System.Diagnostics;

namespace Crm.Reliability.Tests;

/// <summary>Starts the worker as a separate OS process and reads its progress lines.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;

    private WorkerProcess(Process process) => _process = process;

    public List<string> Lines { get; } = [];

    public static WorkerProcess Start(params string[] args)
    {
        // tests/Crm.Reliability.Tests/bin/<Configuration>/net10.0/ -> tests/Crm.Reliability.Worker/bin/<Configuration>/net10.0/
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testOutput.Parent!.Name;
        var worker = Path.Combine(testOutput.Parent.Parent!.Parent!.Parent!.FullName, "Crm.Reliability.Worker", "bin", configuration, testOutput.Name, "Crm.Reliability.Worker.dll");
        if (!File.Exists(worker))
        {
            throw new FileNotFoundException($"The worker is not built at {worker}; build tests/Crm.Reliability.Worker first (dotnet build Crm.Core.sln does).", worker);
        }

        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(worker);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return new WorkerProcess(Process.Start(info) ?? throw new InvalidOperationException("The worker did not start."));
    }

    /// <summary>Reads lines until the process ends or <paramref name="stopAfterDone"/> operations were reported.</summary>
    public async Task<bool> ReadUntilAsync(int stopAfterDone = int.MaxValue)
    {
        var done = 0;
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            Lines.Add(line);
            if (line.StartsWith("done ", StringComparison.Ordinal) && ++done >= stopAfterDone)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Kills the process at once (SIGKILL on Linux), mid-operation.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async Task<(int ExitCode, string Errors)> WaitAsync()
    {
        var errors = await _process.StandardError.ReadToEndAsync();
        await _process.WaitForExitAsync();
        return (_process.ExitCode, errors);
    }

    /// <summary>The coupon ids the worker was given when it issued the run's coupons.</summary>
    public string CouponIds() => Lines.Single(l => l.StartsWith("coupons ", StringComparison.Ordinal))["coupons ".Length..];

    /// <summary>The operations the worker reported done, with their outcomes, in order.</summary>
    public IReadOnlyList<(int Number, string Outcome)> Done() =>
        [.. Lines.Where(l => l.StartsWith("done ", StringComparison.Ordinal))
            .Select(l => l.Split(' '))
            .Where(parts => parts.Length == 3) // the last line of a killed worker may be cut short
            .Select(parts => (int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), parts[2]))];

    public void Dispose() => _process.Dispose();
}
