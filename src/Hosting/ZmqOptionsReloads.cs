using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace ZmqContracts.Hosting;

/// <summary>
/// Tells, while the host runs, when a reload of the configuration (<c>reloadOnChange</c>) changes the options of one
/// registration, that the change is not applied: one warning (event 400) with the options' failures, each named by its
/// path, when the options it gives are not valid; one warning (event 401) naming the keys changed since the host started,
/// when they are. No change is: endpoints take their options when made, and the options monitor keeps those the host
/// started with, since the options are bound without a change token (<see cref="ZmqOptionsRegistration"/>). A reload
/// that leaves the options' keys as the last one found them (a file saved again, a watcher that fires twice, another
/// section edited) logs nothing, so that the same problem is told once.
/// </summary>
/// <param name="optionsName">The name of the options checked.</param>
/// <param name="path">The configuration section's path (empty for the root), which the warnings name.</param>
/// <param name="optionNames">The options the configuration binder sets (<see cref="ZmqOptionKeys.NamesOf"/>): the keys of the root compared.</param>
/// <param name="configuration">What the options are bound from.</param>
/// <param name="services">The host's services.</param>
internal sealed class ZmqOptionsReloads<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(
    string optionsName, string path, string[] optionNames, IConfiguration configuration, IServiceProvider services) : IHostedService, IDisposable
    where TOptions : ZmqSocketOptions
{
    private IDisposable? _watching;

    /// <summary>The options' keys and values when the host started, which the endpoints' options were made from.</summary>
    private Dictionary<string, string>? _started;

    /// <summary>The options' keys and values as the last reload found them (checks run one at a time: <see cref="ChangeToken.OnChange"/>).</summary>
    private Dictionary<string, string>? _last;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_watching is null)
        {
            _started = _last = Values();
            _watching = ChangeToken.OnChange(configuration.GetReloadToken, Check);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _watching?.Dispose();

    /// <summary>
    /// Unless the options' keys are as the last reload found them, makes the options anew from the configuration
    /// reloaded, as the host's start did, and logs why they fail, or, when they do not, which keys changed since the start.
    /// </summary>
    private void Check()
    {
        var values = Values();
        if (Changed(_last!, values).Count == 0)
        {
            return;
        }

        _last = values;
        var options = path.Length == 0 ? optionsName : path;
        var logger = ContainedLogger.Of(services.GetService<ILoggerFactory>()?.CreateLogger("ZmqContracts.Hosting") ?? NullLogger.Instance);
        try
        {
            services.GetRequiredService<IOptionsFactory<TOptions>>().Create(optionsName);
        }
        catch (Exception problem) when (problem is OptionsValidationException or InvalidOperationException)
        {
            // InvalidOperationException: the binder could not convert a value ("RequestTimeout": "soon"), and says which.
            Log.ReloadNotApplied(logger, options, problem.Message);
            return;
        }

        if (Changed(_started!, values) is { Count: > 0 } changed)
        {
            Log.ReloadChangeNotApplied(logger, options, string.Join(", ", changed));
        }
    }

    /// <summary>
    /// The options' keys, by their path, with their values: every key of a section (one that names no option too); of the
    /// root, only those that name an option, since the root holds the whole application's settings.
    /// </summary>
    private Dictionary<string, string> Values()
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        IEnumerable<IConfiguration> parts = path.Length == 0 ? optionNames.Select(configuration.GetSection) : [configuration];
        foreach (var part in parts)
        {
            foreach (var (key, value) in part.AsEnumerable())
            {
                if (value is not null)
                {
                    values[key] = value;
                }
            }
        }

        return values;
    }

    /// <summary>The keys that <paramref name="before"/> and <paramref name="after"/> do not both hold with the same value, in order.</summary>
    private static List<string> Changed(Dictionary<string, string> before, Dictionary<string, string> after) =>
        before.Keys.Union(after.Keys, StringComparer.OrdinalIgnoreCase)
            .Where(key => !before.TryGetValue(key, out var old) || !after.TryGetValue(key, out var now) || !string.Equals(old, now, StringComparison.Ordinal))
            .Order(StringComparer.OrdinalIgnoreCase)
            .ToList();
}
