using System;
using Microsoft.CodeAnalysis;

namespace ZmqContracts.Generators;

/// <summary>
/// Collects what a parser finds wrong. The analyzer passes a callback and gets the diagnostics; the generator
/// passes none and only asks <see cref="HasErrors"/>, so that one parser serves both and they never disagree.
/// </summary>
internal sealed class DiagnosticReporter(Action<Diagnostic>? report)
{
    public bool HasErrors { get; private set; }

    public void Report(DiagnosticDescriptor descriptor, Location? location, params object?[] messageArguments)
    {
        HasErrors |= descriptor.DefaultSeverity == DiagnosticSeverity.Error;
        report?.Invoke(Diagnostic.Create(descriptor, location, messageArguments));
    }
}
