using BenchmarkDotNet.Running;

// Run with: dotnet run -c Release --project tests/Benchmarks.Micro -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(ActorRooms.Benchmarks.Micro.CodecBenchmarks).Assembly).Run(args);
