using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ZmqContracts.Hosting;

/// <summary>
/// Checks one named options instance as the endpoint's constructor would, that its endpoint is given and well
/// formed, and that the endpoints it may leave unset are well formed when set, so that a bad value fails the host's start (ValidateOnStart) with a message that names the option by its
/// configuration path, such as <c>Zmq:Server:MaxConcurrency</c>, also for the endpoints made only when first resolved
/// (clients, producers, collectors, publishers and subscribers).
/// </summary>
/// <param name="optionsName">The name of the options instance checked; others are skipped.</param>
/// <param name="path">
/// How messages name the options: the configuration section's path (empty for the configuration's root, whose keys
/// are named alone), or the registration's name.
/// </param>
/// <param name="source">Where options bound from configuration come from; <see langword="null"/> for options set in code.</param>
/// <param name="configuration">
/// What options bound from configuration are bound from, whose keys that name no option fail the options too (a section's
/// only: the root holds the whole application's settings); <see langword="null"/> for options set in code.
/// </param>
/// <param name="optionNames">The options the configuration binder sets (<see cref="ZmqOptionKeys.NamesOf"/>).</param>
internal sealed class ZmqOptionsValidator<TOptions>(
    string optionsName, string path, ZmqOptionsSource? source, IConfiguration? configuration, string[] optionNames)
    : IValidateOptions<TOptions>
    where TOptions : ZmqSocketOptions
{
    /// <summary>The name of the options instance checked.</summary>
    public string OptionsName => optionsName;

    /// <summary>Where the options are bound from; <see langword="null"/> for options set in code.</summary>
    public ZmqOptionsSource? Source => source;

    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        if (name != optionsName)
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        if (configuration is not null && path.Length > 0)
        {
            CheckKeys(configuration, failures);
        }

        var (endpointName, endpoint, connects) = options.HostedEndpoint;
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            failures.Add($"{Key(endpointName)} is required: the endpoint to use, such as \"tcp://127.0.0.1:5555\".");
        }
        else
        {
            CheckForm(endpointName, endpoint, connects, failures);
        }

        foreach (var (optionalName, optional, optionalConnects) in options.OptionalEndpoints)
        {
            if (optional is not null)
            {
                CheckForm(optionalName, optional, optionalConnects, failures);
            }
        }

        foreach (var problem in options.Problems())
        {
            failures.Add($"{Key(problem.ParamName)}: {problem.Message}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>
    /// Fails each key of <paramref name="section"/> that names no option, which the binder would leave unread without a
    /// word (a misspelt <c>RequestTimout</c> leaves <c>RequestTimeout</c> at its default), saying which option it may
    /// stand for.
    /// </summary>
    private void CheckKeys(IConfiguration section, List<string> failures)
    {
        foreach (var child in section.GetChildren())
        {
            if (!optionNames.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                var near = optionNames.Where(option => ZmqOptionKeys.IsNear(child.Key, option)).ToArray();
                failures.Add(
                    $"{Key(child.Key)}: {typeof(TOptions).Name} has no option {child.Key}, so it sets nothing: " +
                    (near.Length > 0 ? $"did you mean {string.Join(" or ", near)}?" : $"its options are {string.Join(", ", optionNames)}."));
            }
        }
    }

    private void CheckForm(string endpointName, string endpoint, bool connects, List<string> failures)
    {
        if (SocketEndpoints.Malformed(endpoint, connects) is { } problem)
        {
            failures.Add($"{Key(endpointName)}: '{endpoint}' is not an endpoint: {problem}. Write an endpoint as {SocketEndpoints.Example}.");
        }
    }

    private string Key(string? option) => ZmqOptionKeys.Key(path, option);
}

/// <summary>
/// Checks that a worker of a contract with results has an <see cref="ZmqWorkerOptions.OutputEndpoint"/> to send them
/// to, so that a missing one fails the host's start naming it by its path, not the worker's start.
/// </summary>
/// <param name="optionsName">The name of the worker's options; others are skipped.</param>
/// <param name="path">How messages name the options, as <see cref="ZmqOptionsValidator{TOptions}"/>'s.</param>
/// <param name="contract">The contract, such as <c>ISquarer</c>.</param>
internal sealed class ZmqWorkerOutputValidator(string optionsName, string path, string contract) : IValidateOptions<ZmqWorkerOptions>
{
    public ValidateOptionsResult Validate(string? name, ZmqWorkerOptions options) =>
        name != optionsName ? ValidateOptionsResult.Skip
        : !string.IsNullOrWhiteSpace(options.OutputEndpoint) ? ValidateOptionsResult.Success
        : ValidateOptionsResult.Fail(
            $"{ZmqOptionKeys.Key(path, nameof(ZmqWorkerOptions.OutputEndpoint))} is required: the {contract} stage produces results, which its worker " +
            "sends there: a collector's endpoint, or a relay's to the next stage, such as \"tcp://127.0.0.1:5558\".");
}

/// <summary>How validation messages name an option.</summary>
internal static class ZmqOptionKeys
{
    /// <summary><paramref name="option"/> under <paramref name="path"/> (<c>Zmq:Server:MaxConcurrency</c>), or alone for the configuration's root (an empty path).</summary>
    public static string Key(string path, string? option) => path.Length == 0 ? option ?? "" : $"{path}:{option}";

    /// <summary>The options the configuration binder sets on <paramref name="options"/>: the public properties with a public setter (the objects among them are refused before binding).</summary>
    public static string[] NamesOf([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] Type options) => options
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(property => property.SetMethod is { IsPublic: true })
        .Select(property => property.Name)
        .ToArray();

    /// <summary>
    /// Whether <paramref name="key"/> may be a misspelling of <paramref name="option"/>: one is the start of the other, or
    /// two edits (a letter added, removed or changed) at most make one the other, whatever the case.
    /// </summary>
    public static bool IsNear(string key, string option) =>
        key.StartsWith(option, StringComparison.OrdinalIgnoreCase)
        || option.StartsWith(key, StringComparison.OrdinalIgnoreCase)
        || EditDistance(key.ToUpperInvariant(), option.ToUpperInvariant()) <= 2;

    /// <summary>The fewest letters to add, remove or change to make <paramref name="from"/> <paramref name="to"/> (Levenshtein's distance).</summary>
    private static int EditDistance(string from, string to)
    {
        var previous = new int[to.Length + 1];
        var current = new int[to.Length + 1];
        for (var j = 0; j <= to.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= from.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= to.Length; j++)
            {
                var change = from[i - 1] == to[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + change);
            }

            (previous, current) = (current, previous);
        }

        return previous[to.Length];
    }
}
