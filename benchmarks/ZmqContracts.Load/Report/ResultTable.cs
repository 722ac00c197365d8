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
    private static readonly string[] Header = ["scenario", "baseline", "generated", "ratio", "target", "met?"];

    private readonly List<ResultRow> _rows = [];
    private readonly List<(string Scenario, string Reason)> _failures = [];

    public IReadOnlyList<ResultRow> Rows => _rows;

    public IReadOnlyList<(string Scenario, string Reason)> Failures => _failures;

    public static string Machine =>
        $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}";

    /// <summary>Pairs the two runs' figures by name into rows.</summary>
    public void Add(ILoadScenario scenario, IReadOnlyList<Figure> baseline, IReadOnlyList<Figure> generated)
    {
        foreach (var figure in baseline)
        {
            var other = generated.Single(g => g.Name == figure.Name);
            _rows.Add(new ResultRow(scenario.Name, figure.Name, figure.Unit, figure.Value, other.Value));
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
            Rows = _rows.Select(r => new { r.Scenario, r.Figure, r.Unit, r.Baseline, r.Generated, r.Ratio, r.Target, r.Met }),
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

    // The scenario and target columns are text, aligned left; the others are numbers, aligned right.
    private static bool IsText(int column) => column is 0 or 4;

    // Three significant figures or so, whatever the size: rates in the 100,000s, latencies in the 100s, counts below 1.
    private static string Number(double value) => value.ToString(
        Math.Abs(value) switch { >= 1000 => "N0", >= 10 => "0.0", _ => "0.00" },
        CultureInfo.InvariantCulture);
}
