using System.Diagnostics;
using NodaTime;

namespace Crm.Churn.Internal;

/// <summary>The iterations and time a fit may still spend, shared by every start and by the checks before optimising.</summary>
internal sealed class FitBudget
{
    private readonly IClock _clock;
    private readonly Instant _started;
    private readonly Duration _limit;
    private readonly int _maxIterations;

    private FitBudget(ModelFitOptions options)
    {
        // The limit is read on an injectable clock so tests can run it out without waiting (FakeClock with auto-advance);
        // by default a monotonic stopwatch, which a wall-clock change cannot shorten or stretch.
        _clock = options.Clock ?? StopwatchClock.Instance;
        _limit = options.TimeLimit;
        _maxIterations = options.MaxIterations;
        _started = _clock.GetCurrentInstant();
    }

    public int Iterations { get; private set; }

    public Duration Elapsed => _clock.GetCurrentInstant() - _started;

    public Duration Limit => _limit;

    public int MaxIterations => _maxIterations;

    /// <exception cref="ArgumentOutOfRangeException">A limit is not positive.</exception>
    public static FitBudget Start(ModelFitOptions? options)
    {
        options ??= new ModelFitOptions();
        if (options.MaxIterations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxIterations, "ModelFitOptions.MaxIterations must be at least 1.");
        }

        if (options.TimeLimit <= Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.TimeLimit, "ModelFitOptions.TimeLimit must be positive.");
        }

        return new FitBudget(options);
    }

    /// <summary>Takes one iteration; returns why not when the budget is spent.</summary>
    public ModelFitFailure? TakeIteration()
    {
        if (Iterations >= _maxIterations)
        {
            return ModelFitFailure.IterationLimitReached;
        }

        if (_clock.GetCurrentInstant() - _started > _limit)
        {
            return ModelFitFailure.TimeLimitReached;
        }

        Iterations = checked(Iterations + 1);
        return null;
    }

    /// <summary>A clock whose instants only differ as the stopwatch does: elapsed time only, never the date.</summary>
    private sealed class StopwatchClock : IClock
    {
        public static readonly StopwatchClock Instance = new();

        public Instant GetCurrentInstant() => Instant.FromUnixTimeTicks(0) + Duration.FromTimeSpan(Stopwatch.GetElapsedTime(0));
    }
}
