using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ZmqContracts.Hosting;

/// <summary>
/// Registers one named options instance of an endpoint, validated on the host's start, and gives each endpoint made from
/// it the host's <see cref="ILoggerFactory"/>'s logger of its own category (<see cref="Get"/>). The caller then binds or
/// configures the returned builder (a call to <c>Configure(options => configuration.Bind(options))</c> on a concrete
/// options type, which the configuration binder's source generator replaces with code written at build time). The
/// options are bound without a change token, so that the options monitor keeps those made when the host started: a
/// reload reaches no endpoint, and <see cref="ZmqOptionsReloads{TOptions}"/> logs one that changes them, as not applied.
/// </summary>
internal static class ZmqOptionsRegistration
{
    /// <param name="services">The host's services.</param>
    /// <param name="optionsName">The options' name: a section's path, or one from <see cref="UniqueName{TOptions}"/>.</param>
    /// <param name="path">How validation messages name the options: the configuration section's path (empty for the root), or <paramref name="optionsName"/>.</param>
    /// <param name="source">Where options bound from configuration come from; <see langword="null"/> for options set in code.</param>
    /// <param name="configuration">
    /// What options bound from configuration are bound from, checked (<see cref="ThrowIfObjectsConfigured"/>) before the
    /// caller's <c>Bind</c> runs; <see langword="null"/> for options set in code.
    /// </param>
    public static OptionsBuilder<TOptions> Add<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor | DynamicallyAccessedMemberTypes.PublicProperties)] TOptions>(
        IServiceCollection services, string optionsName, string path, ZmqOptionsSource? source, IConfiguration? configuration)
        where TOptions : ZmqSocketOptions
    {
        ArgumentNullException.ThrowIfNull(services);
        if (TakenNames<TOptions>(services).Contains(optionsName))
        {
            // A second registration bound from the same section (BoundName): its options are those of the first, checked once.
            return services.AddOptions<TOptions>(optionsName);
        }

        var optionNames = ZmqOptionKeys.NamesOf(typeof(TOptions));
        services.AddSingleton<IValidateOptions<TOptions>>(new ZmqOptionsValidator<TOptions>(optionsName, path, source, configuration, optionNames));
        var options = services.AddOptions<TOptions>(optionsName).ValidateOnStart();
        if (configuration is not null)
        {
            options.Configure(_ => ThrowIfObjectsConfigured<TOptions>(configuration, optionsName, path));
            services.AddSingleton<IHostedService>(provider => new ZmqOptionsReloads<TOptions>(optionsName, path, optionNames, configuration, provider));
        }

        return options;
    }

    /// <summary>The options that hold objects, not text, which the configuration binder cannot make.</summary>
    private static readonly string[] ObjectOptions = [nameof(ZmqSocketOptions.Curve), nameof(ZmqSocketOptions.Serializer), nameof(ZmqSocketOptions.Logger)];

    /// <summary>
    /// Fails the options, naming the keys by their path, when <paramref name="configuration"/> gives one of the
    /// <see cref="ObjectOptions"/>, which the binder would refuse with a message that names neither the key nor the fix.
    /// </summary>
    private static void ThrowIfObjectsConfigured<TOptions>(IConfiguration configuration, string optionsName, string path)
    {
        var failures = new List<string>();
        foreach (var option in ObjectOptions)
        {
            if (configuration.GetSection(option).Exists())
            {
                failures.Add(
                    $"{ZmqOptionKeys.Key(path, option)}: {option} holds an object, not text, so configuration cannot set it: remove it there " +
                    $"and set it in code, with services.Configure<{typeof(TOptions).Name}>(\"{optionsName}\", o => o.{option} = ...)" +
                    (option == nameof(ZmqSocketOptions.Curve) ? " and ZmqCurve.Server(...) or ZmqCurve.Client(...)." : "."));
            }
        }

        if (failures.Count > 0)
        {
            throw new OptionsValidationException(optionsName, typeof(TOptions), failures);
        }
    }

    /// <summary>
    /// A name for the options of a registration set in code that no earlier registration of <typeparamref name="TOptions"/>
    /// has: <paramref name="name"/> (such as <c>ICalculator client</c>), or, when it is taken, <paramref name="name"/>
    /// followed by a number (<c>ICalculator client 2</c>). Two registrations of one type then keep options of their own.
    /// </summary>
    public static string UniqueName<TOptions>(IServiceCollection services, string name)
        where TOptions : ZmqSocketOptions =>
        UniqueNames.Next(name, TakenNames<TOptions>(services).Contains);

    /// <summary>
    /// The name for options of <typeparamref name="TOptions"/> bound from <paramref name="source"/>: that of an earlier
    /// registration bound from the same place, whose options it then shares; otherwise a <see cref="UniqueName{TOptions}"/>
    /// of <see cref="ZmqOptionsSource.Name"/>, so that options set in code, or bound from the root under the same
    /// name, are never shared with it.
    /// </summary>
    public static string BoundName<TOptions>(IServiceCollection services, ZmqOptionsSource source)
        where TOptions : ZmqSocketOptions
    {
        foreach (var validator in Validators<TOptions>(services))
        {
            if (validator.Source == source)
            {
                return validator.OptionsName;
            }
        }

        return UniqueName<TOptions>(services, source.Name);
    }

    /// <summary>The names of the options of <typeparamref name="TOptions"/> registered so far.</summary>
    private static HashSet<string> TakenNames<TOptions>(IServiceCollection services)
        where TOptions : ZmqSocketOptions
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var validator in Validators<TOptions>(services))
        {
            taken.Add(validator.OptionsName);
        }

        return taken;
    }

    /// <summary>The validators of the options of <typeparamref name="TOptions"/> registered so far, one per options name.</summary>
    private static IEnumerable<ZmqOptionsValidator<TOptions>> Validators<TOptions>(IServiceCollection services)
        where TOptions : ZmqSocketOptions
    {
        foreach (var service in services)
        {
            if (!service.IsKeyedService && service.ImplementationInstance is ZmqOptionsValidator<TOptions> validator)
            {
                yield return validator;
            }
        }
    }

    /// <summary>
    /// The options of that name, as bound, configured and validated, for the endpoint of one registration: logging through
    /// the host's <see cref="ILoggerFactory"/> under <c>ZmqContracts.</c><paramref name="logCategory"/> (such as
    /// <c>ZmqContracts.Client.ICalculator</c>) unless they set a logger. The category is the registration's, not the
    /// options', which registrations bound from one section share.
    /// </summary>
    public static TOptions Get<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(IServiceProvider services, string optionsName, string logCategory)
        where TOptions : ZmqSocketOptions
    {
        var options = services.GetRequiredService<IOptionsMonitor<TOptions>>().Get(optionsName);
        return ReferenceEquals(options.Logger, NullLogger.Instance) && services.GetService<ILoggerFactory>() is { } loggers
            ? (TOptions)options.WithLogger(loggers.CreateLogger("ZmqContracts." + logCategory))
            : options;
    }
}

/// <summary>Where options bound from configuration come from: the name asked for (the section's path, or the root's name of the registration) and the section's path (empty for the root).</summary>
internal sealed record ZmqOptionsSource(string Name, string Path);
