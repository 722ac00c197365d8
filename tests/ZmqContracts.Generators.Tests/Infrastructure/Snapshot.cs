using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Xunit.Sdk;

namespace ZmqContracts.Generators.Tests;

/// <summary>
/// Verify-style snapshots: <c>Snapshots/{name}.verified.cs</c> is committed; on a mismatch the actual text goes to
/// <c>{name}.received.cs</c> (git-ignored) and the test fails naming the file and the first differing line.
/// Accept with <c>ACCEPT_SNAPSHOTS=1 dotnet test</c>, which is refused under <c>CI=true</c>. Keeping Verify's file
/// names means moving to Verify.Xunit later changes this file only.
/// </summary>
internal static class Snapshot
{
    /// <summary>Verifies every generated file as <c>{testName}#{hint name}</c>, then fails once, naming every mismatch.</summary>
    public static void VerifyGenerated(string testName, IEnumerable<GeneratedSourceResult> files)
    {
        var failures = new List<string>();
        foreach (var file in files)
        {
            try
            {
                Verify($"{testName}#{Path.GetFileNameWithoutExtension(file.HintName)}", file.SourceText.ToString());
            }
            catch (XunitException failure)
            {
                failures.Add(failure.Message);
            }
        }

        if (failures.Count > 0)
        {
            throw new XunitException(string.Join("\n\n", failures));
        }
    }

    private static readonly string Directory = typeof(Snapshot).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "SnapshotDirectory").Value!;

    public static void Verify(string name, string actual)
    {
        var verified = Path.Combine(Directory, $"{name}.verified.cs");
        var received = Path.Combine(Directory, $"{name}.received.cs");
        actual = Normalize(actual);

        var expected = File.Exists(verified) ? Normalize(File.ReadAllText(verified)) : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }

        System.IO.Directory.CreateDirectory(Directory);
        if (Environment.GetEnvironmentVariable("ACCEPT_SNAPSHOTS") == "1" && Environment.GetEnvironmentVariable("CI") != "true")
        {
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, actual);
        throw new XunitException(expected is null
            ? $"No snapshot yet: {verified}. Review {received}, then accept it (tests/README.md)."
            : $"Snapshot {verified} differs from {received} at {FirstDifference(expected, actual)}. Review it, then accept it (tests/README.md).");
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").TrimStart('\uFEFF');

    private static string FirstDifference(string expected, string actual)
    {
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        for (var i = 0; i < Math.Max(expectedLines.Length, actualLines.Length); i++)
        {
            var expectedLine = i < expectedLines.Length ? expectedLines[i] : "<end of file>";
            var actualLine = i < actualLines.Length ? actualLines[i] : "<end of file>";
            if (expectedLine != actualLine)
            {
                return $"line {i + 1}:\n  verified: {expectedLine}\n  received: {actualLine}";
            }
        }

        return "the end of the file";
    }
}
