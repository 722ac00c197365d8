namespace ZmqContracts.Load;

/// <summary>The names of the figures that targets judge, shared by the runs that report them and the scenarios that set them.</summary>
internal static class Figures
{
    public const string P50 = "p50 round trip";
    public const string P99 = "p99 round trip";
    public const string Throughput = "throughput";
    public const string Allocated = "allocated/op";
}
