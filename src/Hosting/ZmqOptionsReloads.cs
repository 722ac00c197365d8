using System;
using System.Diagnostics.CodeAnalysis;
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
/// Tells, while the host runs, when a reload of the configuration (<c>reloadOnChange</c>) gives options of one
/// registration that are not valid: one warning (event 400) with the options' failures, each named by its path, saying
/// that the change is not applied. No change is: endpoints take their options when made, and the options monitor keeps
/// those the host started with, since the options are bound without a change token (<see cref="ZmqOptionsRegistration"/>).
/// </summary>
/// <param name="optionsName">The name of the options checked.</param>
/// <param name="path">The configuration section's path (empty for the root), which the warning names.</param>
/// <param name="configuration">What the options are bound from.</param>
/// <param name="services">The host's services.</param>
internal sealed class ZmqOptionsReloads<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(
    string optionsName, string path, IConfiguration configuration, IServiceProvider services) : IHostedService, IDisposable
    where TOptions : ZmqSocketOptions
{
    private IDisposable? _watching;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _watching ??= ChangeToken.OnChange(configuration.GetReloadToken, Check);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _watching?.Dispose();

    /// <summary>Makes the options anew from the configuration reloaded, as the host's start did, and logs why they fail, if they do.</summary>
    private void Check()
    {
        try
        {
            services.GetRequiredService<IOptionsFactory<TOptions>>().Create(optionsName);
        }
        catch (Exception problem) when (problem is OptionsValidationException or InvalidOperationException)
        {
            // InvalidOperationException: the binder could not convert a value ("RequestTimeout": "soon"), and says which.
            var logger = services.GetService<ILoggerFactory>()?.CreateLogger("ZmqContracts.Hosting") ?? NullLogger.Instance;
            Log.ReloadNotApplied(ContainedLogger.Of(logger), path.Length == 0 ? optionsName : path, problem.Message);
        }
    }
}
