using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZmqContracts.Load;

/// <summary>The rows of a whole run, printed as one table and written as JSON, with the machine they came from.</summary>
internal sealed class ResultTable
{
    private static readonly string[] Header = ["scenario", "baseline", "generated", "ratio", "target", "met?", "ratio per round"];

    private readonly List<ResultRow> _rows = [];
    private readonly List<(string Scenario, string Reason)> _failures = [];

    public IReadOnlyList<ResultRow> Rows => _rows;

    public IReadOnlyList<(string Scenario, string Reason)> Failures => _failures;

    public static string Machine =>
        $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}";

    /// <summary>
    /// Pairs the two sides' figures by name into rows: each side's median over its rounds (one run per side per round),
    /// and, with more than one round, the ratio of each round.
    /// </summary>
    public void Add(ILoadScenario scenario, IReadOnlyList<IReadOnlyList<Figure>> baselines, IReadOnlyList<IReadOnlyList<Figure>> generated)
    {
        foreach (var figure in baselines[0])
        {
            var baseline = baselines.Select(run => ValueOf(run, figure.Name)).ToList();
            var other = generated.Select(run => ValueOf(run, figure.Name)).ToList();
            _rows.Add(new ResultRow(scenario.Name, figure.Name, figure.Unit, Median(baseline), Median(other))
            {
                RoundRatios = baseline.Count == 1 ? [] : baseline.Zip(other, (b, g) => b == 0 ? double.NaN : g / b).ToList(),
            });
        }

        static double ValueOf(IReadOnlyList<Figure> run, string name) => run.Single(f => f.Name == name).Value;

        static double Median(List<double> values)
        {
            values.Sort();
            var middle = values.Count / 2;
            return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
        }
    }

    public void AddFailure(ILoadScenario scenario, Exception exception) =>
        _failures.Add((scenario.Name, $"{exception.GetType().Name}: {exception.Message}"));

    /// <summary>
    /// Judges each scenario's targets against the finished table: a target may refer to another scenario's row, and a
    /// figure with several targets meets them only if it meets them all.
    /// </summary>
    public void Judge(IEnumerable<ILoadScenario> scenarios)
    {
        foreach (var scenario in scenarios)
        {
            foreach (var target in scenario.Targets)
            {
                var index = _rows.FindIndex(r => r.Scenario == scenario.Name && r.Figure == target.Figure);
                if (index >= 0)
                {
                    var row = _rows[index];
                    var (description, met) = target.Judge(row, _rows);
                    _rows[index] = row with
                    {
                        Target = row.Target is null ? description : $"{row.Target}, {description}",
                        Met = (row.Met ?? true) && met,
                    };
                }
            }
        }
    }

    public string Format()
    {
        var cells = _rows.Select(r => new[]
        {
            r.Unit.Length == 0 ? $"{r.Scenario} — {r.Figure}" : $"{r.Scenario} — {r.Figure} ({r.Unit})",
            Number(r.Baseline),
            Number(r.Generated),
            r.Ratio?.ToString("0.00×", CultureInfo.InvariantCulture) ?? "—",
            r.Target ?? "",
            r.Met switch { true => "yes", false => "NO", null => "" },
            string.Join(", ", r.RoundRatios.Select(ratio => ratio.ToString("0.00×", CultureInfo.InvariantCulture))),
        }).Prepend(Header).ToList();
        var widths = Enumerable.Range(0, Header.Length).Select(c => cells.Max(row => row[c].Length)).ToArray();

        var text = new StringBuilder();
        foreach (var (row, index) in cells.Select((row, index) => (row, index)))
        {
            text.AppendLine("| " + string.Join(" | ", row.Select((cell, c) => IsText(c) ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))) + " |");
            if (index == 0)
            {
                text.AppendLine("|" + string.Join("|", widths.Select((w, c) => IsText(c) ? $" {new string('-', w)} " : $" {new string('-', w - 1)}: ")) + "|");
            }
        }

        foreach (var (scenario, reason) in _failures)
        {
            text.AppendLine($"{scenario}: not measured — {reason}");
        }

        return text.ToString();
    }

    public void WriteJson(string path, LoadSettings settings)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var document = new
        {
            Machine,
            MeasuredAt = DateTimeOffset.UtcNow,
            WarmupSeconds = settings.Warmup.TotalSeconds,
            DurationSeconds = settings.Duration.TotalSeconds,
            settings.Rounds,
            Rows = _rows.Select(r => new { r.Scenario, r.Figure, r.Unit, r.Baseline, r.Generated, r.Ratio, r.RoundRatios, r.Target, r.Met }),
            Failures = _failures.Select(f => new { f.Scenario, f.Reason }),
        };
        File.WriteAllText(path, JsonSerializer.Serialize(document, new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // µs, ≤ and × as they are: the file is read by people too

            // A run that completed nothing has costs per operation of Infinity (or NaN): the file says so instead of failing.
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        }));
    }

    // The scenario, target and per-round columns are text, aligned left; the others are numbers, aligned right.
    private static bool IsText(int column) => column is 0 or 4 or 6;

    // Three significant figures or so, whatever the size: rates in the 100,000s, latencies in the 100s, counts below 1.
    private static string Number(double value) => value.ToString(
        Math.Abs(value) switch { >= 1000 => "N0", >= 10 => "0.0", _ => "0.00" },
        CultureInfo.InvariantCulture);
}
