using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/Crm.Benchmarks -- --filter '*RecordPurchase*'
BenchmarkSwitcher.FromAssembly(typeof(Crm.Benchmarks.RecordPurchaseBenchmark).Assembly).Run(args);
