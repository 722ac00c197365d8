using BenchmarkDotNet.Running;

// `dotnet run -c Release -- --filter '*'` runs everything; `--list flat` names the benchmarks; `--job Dry` is a smoke run.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
