using System;
using System.Collections.Generic;
using Microsoft.Extensions.Options;

namespace ZmqContracts.Hosting;

/// <summary>
/// Checks one named options instance as the endpoint's constructor would, and that its endpoints are given, so that a
/// bad value fails the host's start (ValidateOnStart) with a message that names the option by its configuration path,
/// such as <c>Zmq:Server:MaxConcurrency</c>.
/// </summary>
/// <param name="optionsName">The name of the options instance checked; others are skipped.</param>
/// <param name="path">How messages name the options: the configuration section's path, or the registration's name.</param>
internal sealed class ZmqOptionsValidator<TOptions>(string optionsName, string path)
    : IValidateOptions<TOptions>
    where TOptions : ZmqSocketOptions
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        if (name != optionsName)
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.HostedEndpoint.Value))
        {
            failures.Add($"{path}:{options.HostedEndpoint.Name} is required: the endpoint to use, such as \"tcp://127.0.0.1:5555\".");
        }

        try
        {
            options.Validate();
        }
        catch (ArgumentException exception)
        {
            failures.Add($"{path}:{exception.ParamName}: {exception.Message}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
