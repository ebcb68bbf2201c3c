using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime.Testing;

namespace Crm.TestUtils;

/// <summary>What a host's start does with the packages' options: the <c>ValidateOnStart</c> checks, and nothing else resolved.</summary>
public static class CrmStartup
{
    /// <summary>Builds a CRM as <see cref="TestCrm"/> does (in-memory storage, CNY, Shanghai) and runs the start-up validation.</summary>
    /// <exception cref="OptionsValidationException">An option failed (one), or <see cref="AggregateException"/> of them (several).</exception>
    public static void Validate(Action<ICrmBuilder> configure)
    {
        var services = new ServiceCollection();
        services.AddSingleton<NodaTime.IClock>(new FakeClock(NodaTime.Instant.FromUtc(2026, 6, 1, 0, 0)));
        var builder = services.AddCrm(o =>
        {
            o.Currency = Currency.CNY;
            o.TimeZone = TestCrm.Shanghai;
        }).UseInMemoryStorage();
        configure(builder);
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    /// <summary>The failure messages of a start-up validation, whether one option or several failed; empty when it passed.</summary>
    public static IReadOnlyList<string> Failures(Action<ICrmBuilder> configure)
    {
        try
        {
            Validate(configure);
            return [];
        }
        catch (OptionsValidationException e)
        {
            return [.. e.Failures];
        }
        catch (AggregateException e) when (e.InnerExceptions.All(i => i is OptionsValidationException))
        {
            return [.. e.InnerExceptions.Cast<OptionsValidationException>().SelectMany(i => i.Failures)];
        }
    }
}

/// <summary>A coupon issuer that refuses every request, as a real one does when a budget or cap is reached.</summary>
public sealed class RefusingCouponIssuer(string reason = "budget exhausted") : ICouponIssuer
{
    private int _calls;

    public int Calls => _calls;

    public Task<CouponIssueResult> IssueCouponAsync(CouponIssueRequest request, IStoreUnitOfWork unitOfWork, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        return Task.FromResult(new CouponIssueResult { Succeeded = false, CouponId = null, IsReplay = false, Reason = reason });
    }
}

/// <summary>A logger that keeps what was logged.</summary>
public sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<(LogLevel Level, EventId Id, string Message)> _entries = new();

    public IReadOnlyList<(LogLevel Level, EventId Id, string Message)> Entries => [.. _entries];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _entries.Enqueue((logLevel, eventId, formatter(state, exception)));
}

/// <summary>
/// Sums one counter's measurements whose tag <paramref name="tag"/> has the value <paramref name="value"/>: counters are
/// static and tests run in parallel, so a test tags its own measurements apart (a template id of its own).
/// </summary>
public sealed class CounterRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _total;

    public CounterRecorder(string meter, string instrument, string tag, string value)
    {
        _listener.InstrumentPublished = (i, l) =>
        {
            if (i.Meter.Name == meter && i.Name == instrument)
            {
                l.EnableMeasurementEvents(i);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, measurement, tags, _) =>
        {
            foreach (var t in tags)
            {
                if (t.Key == tag && Equals(t.Value, value))
                {
                    Interlocked.Add(ref _total, measurement);
                }
            }
        });
        _listener.Start();
    }

    public long Total => Interlocked.Read(ref _total);

    public void Dispose() => _listener.Dispose();
}
