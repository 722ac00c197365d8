using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace ZmqContracts.Generators.Tests.Documentation;

/// <summary>
/// Tells a block fenced without a language that holds C# (and so would escape the examples' tests) from the shell
/// commands, JSON, XML, Python, file trees, wire diagrams and logs that are fenced so. One line of C# shape is enough:
/// a using directive, a declaration <c>var x =</c>, an <c>await</c> of a call, <c>using</c> or <c>foreach</c>, a
/// call that ends its statement (<c>Console.WriteLine(x);</c>, a chained <c>.WithMetrics(…);</c>), a type declared with
/// a modifier or as a record or interface, a contract attribute (<c>[Reply]</c>, <c>[Topic("x")]</c>), or an operation
/// (<c>Task Place(Order order);</c>). Python's <c>class Greeter:</c> has no modifier. Prose in a tree
/// that happens to end with <c>);</c> does not start with a call, a diagram's "await resumes ◀──" awaits no call, and
/// the other languages end no line with one.
/// </summary>
internal static partial class UntaggedCSharp
{
    public static bool IsLikely(IEnumerable<string> lines) => lines.Any(line => CSharpLine().IsMatch(line.Trim()));

    [GeneratedRegex(
        @"^(using\s+[\w.]+\s*;|var\s+\w+\s*=.*|await\s+(using|foreach|[\w.]+\().*|\.?[\w.]*\w(<[\w<>,\s]*>)?\(.*\)\s*;" +
        @"|((public|internal|file|sealed|static|abstract|partial|readonly)\s+)+(record|class|interface|struct|enum)\s+\w+.*|(record|interface)\s+\w+.*" +
        @"|\[(Reply|Topic|Pipeline|Idempotent)\b.*\]|(Task|ValueTask)(<.*>)?\s+\w+\(.*\)\s*;)$")]
    private static partial Regex CSharpLine();
}
