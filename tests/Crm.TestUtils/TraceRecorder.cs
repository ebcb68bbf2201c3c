using System.Diagnostics;

namespace Crm.TestUtils;

/// <summary>
/// Records the spans of the named sources that belong to one trace: <see cref="TraceAsync"/> runs the work under a root
/// span of its own and returns the spans of that root's trace only. An <see cref="ActivityListener"/> is process-global,
/// so spans of tests running in parallel are recorded too; filtering by the root's trace id leaves them out.
/// </summary>
public sealed class TraceRecorder : IDisposable
{
    private const string RootName = "Crm.TestUtils.Trace";
    private static readonly ActivitySource Root = new(RootName);
    private readonly List<Activity> _stopped = [];
    private readonly ActivityListener _listener;

    public TraceRecorder(params string[] sources)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RootName || sources.Contains(source.Name),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (_stopped)
                {
                    _stopped.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Runs <paramref name="work"/> under a root span; returns the root and the spans of its trace, in the order they stopped.</summary>
    public async Task<(Activity Root, IReadOnlyList<Activity> Spans)> TraceAsync(Func<Task> work)
    {
        var root = Root.StartActivity("test") ?? throw new InvalidOperationException("The recorder's own source is not sampled.");
        try
        {
            await work();
        }
        finally
        {
            root.Stop();
        }

        lock (_stopped)
        {
            return (root, [.. _stopped.Where(a => a.TraceId == root.TraceId && a != root)]);
        }
    }

    public void Dispose() => _listener.Dispose();
}
