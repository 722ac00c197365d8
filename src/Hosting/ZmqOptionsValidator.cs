using System;
using System.Collections.Generic;
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
internal sealed class ZmqOptionsValidator<TOptions>(string optionsName, string path, ZmqOptionsSource? source)
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
}
