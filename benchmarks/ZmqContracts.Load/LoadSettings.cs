using System;
using System.Globalization;
using System.IO;

namespace ZmqContracts.Load;

/// <summary>How long each run warms up and measures, how many rounds alternate the two sides, which scenarios run, and where the JSON goes; from the command line.</summary>
internal sealed record LoadSettings(TimeSpan Warmup, TimeSpan Duration, string JsonPath, string? Scenario = null, int Rounds = 1)
{
    public const string Usage =
        "options: --duration SECONDS (measured time per run, default 5)  --warmup SECONDS (default 1)  --json PATH  --scenario TEXT (only the scenarios whose name contains TEXT, ignoring case; =TEXT: the one named TEXT; A|B: those either picks)  --rounds N (baseline and generated alternated N times, medians reported; default 1)";

    /// <exception cref="ArgumentException">An option is unknown or its value is not a positive number.</exception>
    public static LoadSettings Parse(string[] args)
    {
        var settings = new LoadSettings(
            TimeSpan.FromSeconds(1),
            TimeSpan.FromSeconds(5),
            Path.Combine(AppContext.BaseDirectory, "load-results.json"));
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value. {Usage}");
            settings = args[i] switch
            {
                "--duration" => settings with { Duration = Seconds(args[i], value) },
                "--warmup" => settings with { Warmup = Seconds(args[i], value) },
                "--json" => settings with { JsonPath = Path.GetFullPath(value) },
                "--scenario" => settings with { Scenario = value },
                "--rounds" => settings with { Rounds = Count(args[i], value) },
                _ => throw new ArgumentException($"Unknown option {args[i]}. {Usage}"),
            };
        }

        return settings;
    }

    /// <summary>
    /// Whether the scenario named <paramref name="name"/> runs: every one unless <c>--scenario</c> was given; <c>=TEXT</c> names one
    /// whole; <c>A|B</c> runs those that either alternative picks (in the driver's order), to see how one scenario runs after another.
    /// </summary>
    public bool Runs(string name) => Scenario is null || Array.Exists(Scenario.Split('|'), alternative => Picks(alternative, name));

    private static bool Picks(string alternative, string name) => alternative switch
    {
        ['=', .. var whole] => name.Equals(whole, StringComparison.OrdinalIgnoreCase),
        _ => name.Contains(alternative, StringComparison.OrdinalIgnoreCase),
    };

    private static int Count(string option, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0
            ? count
            : throw new ArgumentException($"{option} takes a positive whole number, not '{value}'. {Usage}");

    private static TimeSpan Seconds(string option, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : throw new ArgumentException($"{option} takes a positive number of seconds, not '{value}'. {Usage}");
}
