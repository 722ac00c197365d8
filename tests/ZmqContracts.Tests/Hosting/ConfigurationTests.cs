using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit;
using ZmqContracts.Tests.Pipeline;

namespace ZmqContracts.Tests.Hosting;

/// <summary>Options from IConfiguration, as appsettings.json gives them, and their validation when the host starts.</summary>
public sealed class ConfigurationTests
{
    [Fact]
    public async Task OptionsBindFromConfigurationAndTheHostServesWithThem()
    {
        var endpoint = Loopback.FreeEndpoint();
        var builder = TestHosts.Builder(new Dictionary<string, string?>
        {
            ["Zmq:Server:Endpoint"] = endpoint,
            ["Zmq:Server:MaxConcurrency"] = "3",
            ["Zmq:Server:DrainTimeout"] = "00:00:02",
            ["Zmq:Server:IncludeExceptionDetails"] = "true",
            ["Zmq:Adder:Endpoint"] = endpoint,
            ["Zmq:Adder:RequestTimeout"] = "00:00:05",
            ["Zmq:Adder:MaxAttempts"] = "2",
            ["Zmq:Publisher:Endpoint"] = Loopback.AnyPort,
            ["Zmq:Publisher:SlowSubscribers"] = "Wait",
        });
        builder.Services.AddSingleton<CallLedger>().AddScoped<CallScope>();
        var server = builder.Services.AddZmqServer(builder.Configuration.GetSection("Zmq:Server")).AddContract<IAdder, Adder>();
        builder.Services.AddZmqClient<IAdder>(builder.Configuration.GetSection("Zmq:Adder"));
        builder.Services.AddZmqPublisher(builder.Configuration.GetSection("Zmq:Publisher"));
        using var host = builder.Build();
        await host.StartAsync().Bound();

        var serverOptions = host.Services.GetRequiredService<IOptionsMonitor<ZmqServerOptions>>().Get(server.OptionsName);
        var clientOptions = host.Services.GetRequiredService<IOptionsMonitor<ZmqClientOptions>>().Get("Zmq:Adder");
        var publisherOptions = host.Services.GetRequiredService<IOptionsMonitor<ZmqPublisherOptions>>().Get("Zmq:Publisher");
        Assert.Equal("Zmq:Server", server.OptionsName);
        Assert.Equal((endpoint, 3, TimeSpan.FromSeconds(2), true), (serverOptions.Endpoint, serverOptions.MaxConcurrency, serverOptions.DrainTimeout, serverOptions.IncludeExceptionDetails));
        Assert.Equal((endpoint, TimeSpan.FromSeconds(5), 2), (clientOptions.Endpoint, clientOptions.RequestTimeout, clientOptions.MaxAttempts));
        Assert.Equal(SlowSubscriberMode.Wait, publisherOptions.SlowSubscribers);
        Assert.Equal(7, await host.Services.GetRequiredService<IAdder>().Add(3, 4).Bound());
        await host.StopAsync().Bound();
    }

    [Fact]
    public async Task TheMajordomoOptionsBindFromConfigurationAndTheCallGoesThroughTheBroker()
    {
        await using var broker = new ZmqBroker(Loopback.AnyPort);
        broker.Start();
        var builder = TestHosts.Builder(new Dictionary<string, string?>
        {
            ["Zmq:Server:Endpoint"] = broker.Endpoint,
            ["Zmq:Server:ViaBroker"] = "true",
            ["Zmq:Server:ServiceName"] = "adding",
            ["Zmq:Server:HeartbeatInterval"] = "00:00:01",
            ["Zmq:Server:HeartbeatLiveness"] = "4",
            ["Zmq:Adder:Endpoint"] = broker.Endpoint,
            ["Zmq:Adder:ViaBroker"] = "true",
            ["Zmq:Adder:ServiceName"] = "adding",
        });
        builder.Services.AddSingleton<CallLedger>().AddScoped<CallScope>();
        var server = builder.Services.AddZmqServer(builder.Configuration.GetSection("Zmq:Server")).AddContract<IAdder, Adder>();
        builder.Services.AddZmqClient<IAdder>(builder.Configuration.GetSection("Zmq:Adder"));
        using var host = builder.Build();
        await host.StartAsync().Bound();

        var serverOptions = host.Services.GetRequiredService<IOptionsMonitor<ZmqServerOptions>>().Get(server.OptionsName);
        var clientOptions = host.Services.GetRequiredService<IOptionsMonitor<ZmqClientOptions>>().Get("Zmq:Adder");
        Assert.Equal((true, "adding", TimeSpan.FromSeconds(1), 4), (serverOptions.ViaBroker, serverOptions.ServiceName, serverOptions.HeartbeatInterval, serverOptions.HeartbeatLiveness));
        Assert.Equal((true, "adding"), (clientOptions.ViaBroker, clientOptions.ServiceName));
        Assert.Equal(7, await host.Services.GetRequiredService<IAdder>().Add(3, 4).Bound());
        await host.StopAsync().Bound();
    }

    [Fact]
    public async Task AnInvalidValueFailsTheStartNamingTheOption()
    {
        var builder = TestHosts.Builder(new Dictionary<string, string?>
        {
            ["Zmq:Server:Endpoint"] = Loopback.AnyPort,
            ["Zmq:Server:MaxConcurrency"] = "0",
        });
        builder.Services.AddSingleton<CallLedger>().AddScoped<CallScope>();
        builder.Services.AddZmqServer(builder.Configuration.GetSection("Zmq:Server")).AddContract<IAdder, Adder>();
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().Bound());

        Assert.Contains("Zmq:Server:MaxConcurrency", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SeveralInvalidValuesFailTheStartNamingEachOption()
    {
        var builder = TestHosts.Builder(new Dictionary<string, string?>
        {
            ["Zmq:Server:Endpoint"] = Loopback.AnyPort,
            ["Zmq:Server:MaxConcurrency"] = "0",
            ["Zmq:Server:MaxQueuedRequests"] = "-1",
            ["Zmq:Server:DrainTimeout"] = "00:00:00",
        });
        builder.Services.AddSingleton<CallLedger>().AddScoped<CallScope>();
        builder.Services.AddZmqServer(builder.Configuration.GetSection("Zmq:Server")).AddContract<IAdder, Adder>();
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().Bound());

        Assert.Collection(
            failure.Failures,
            maxConcurrency => Assert.StartsWith("Zmq:Server:MaxConcurrency: ", maxConcurrency, StringComparison.Ordinal),
            maxQueuedRequests => Assert.StartsWith("Zmq:Server:MaxQueuedRequests: ", maxQueuedRequests, StringComparison.Ordinal),
            drainTimeout => Assert.StartsWith("Zmq:Server:DrainTimeout: ", drainTimeout, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnEnumValueOutOfRangeFailsTheStartNamingTheValidOnes()
    {
        var builder = TestHosts.Builder(new Dictionary<string, string?>
        {
            ["Zmq:Publisher:Endpoint"] = Loopback.AnyPort,
            ["Zmq:Publisher:SlowSubscribers"] = "5",
        });
        builder.Services.AddZmqPublisher(builder.Configuration.GetSection("Zmq:Publisher"));
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().Bound());

        Assert.StartsWith("Zmq:Publisher:SlowSubscribers: SlowSubscribers must be Drop or Wait.", Assert.Single(failure.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMalformedEndpointOfAnEndpointMadeWhenFirstResolvedFailsTheStartNamingIt()
    {
        var builder = TestHosts.Builder(new Dictionary<string, string?> { ["Zmq:Welcomer:Endpoint"] = "127.0.0.1:5555" });
        builder.Services.AddZmqClient<IWelcomer>(builder.Configuration.GetSection("Zmq:Welcomer"));
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().Bound());

        Assert.Contains("Zmq:Welcomer:Endpoint: '127.0.0.1:5555' is not an endpoint: it does not name its transport", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(" tcp://127.0.0.1:5999", "it starts or ends with white space")]
    [InlineData("TCP://127.0.0.1:5999", "'TCP' is not a transport NetMQ knows")]
    public async Task AnEndpointWithAMiswrittenTransportFailsTheStartNamingIt(string endpoint, string problem)
    {
        var builder = TestHosts.Builder(new Dictionary<string, string?> { ["Zmq:Welcomer:Endpoint"] = endpoint });
        builder.Services.AddZmqClient<IWelcomer>(builder.Configuration.GetSection("Zmq:Welcomer"));
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().Bound());

        Assert.Contains($"Zmq:Welcomer:Endpoint: '{endpoint}' is not an endpoint: {problem}", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWildcardPortToConnectToFailsTheStartNamingItWhileOneToBindIsTaken()
    {
        var builder = TestHosts.Builder(new Dictionary<string, string?>
        {
            ["Zmq:Welcomer:Endpoint"] = Loopback.AnyPort,
            ["Zmq:Collector:Endpoint"] = Loopback.AnyPort,
        });
        builder.Services.AddZmqClient<IWelcomer>(builder.Configuration.GetSection("Zmq:Welcomer"));
        builder.Services.AddZmqCollector<ISquarer>(builder.Configuration.GetSection("Zmq:Collector"));
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().Bound());

        Assert.StartsWith($"Zmq:Welcomer:Endpoint: '{Loopback.AnyPort}' is not an endpoint: port * stands for a free port, which only a bind picks", Assert.Single(failure.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWildcardHostToConnectToFailsTheStartNamingIt()
    {
        var endpoint = Loopback.FreeEndpoint().Replace("127.0.0.1", "*", StringComparison.Ordinal);
        var builder = TestHosts.Builder(new Dictionary<string, string?> { ["Zmq:Welcomer:Endpoint"] = endpoint });
        builder.Services.AddZmqClient<IWelcomer>(builder.Configuration.GetSection("Zmq:Welcomer"));
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().Bound());

        Assert.StartsWith($"Zmq:Welcomer:Endpoint: '{endpoint}' is not an endpoint: host * stands for every interface, which only a bind listens on", Assert.Single(failure.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedEndpointsThatMayBeLeftUnsetFailTheStartNamingThemToo()
    {
        var builder = TestHosts.Builder(new Dictionary<string, string?>
        {
            ["Zmq:Worker:InputEndpoint"] = Loopback.FreeEndpoint(),
            ["Zmq:Worker:OutputEndpoint"] = "localhost:5558",
            ["Zmq:Producer:Endpoint"] = Loopback.AnyPort,
            ["Zmq:Producer:AcknowledgementEndpoint"] = "tcp://127.0.0.1:acks",
            ["Zmq:Collector:Endpoint"] = Loopback.AnyPort,
            ["Zmq:Collector:AcknowledgementEndpoint"] = "tcp://127.0.0.1",
        });
        builder.Services.AddZmqWorker<ISquarer, Squarer>(builder.Configuration.GetSection("Zmq:Worker"));
        builder.Services.AddZmqProducer<ISquarer>(builder.Configuration.GetSection("Zmq:Producer"));
        builder.Services.AddZmqCollector<ISquarer>(builder.Configuration.GetSection("Zmq:Collector"));
        using var host = builder.Build();

        // Three option types fail: the host gathers their three OptionsValidationExceptions.
        var failure = await Assert.ThrowsAsync<AggregateException>(() => host.StartAsync().Bound());

        Assert.All(failure.InnerExceptions, inner => Assert.IsType<OptionsValidationException>(inner));
        Assert.Contains("Zmq:Worker:OutputEndpoint: 'localhost:5558' is not an endpoint: it does not name its transport", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Zmq:Producer:AcknowledgementEndpoint: 'tcp://127.0.0.1:acks' is not an endpoint: 'acks' is not a port", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Zmq:Collector:AcknowledgementEndpoint: 'tcp://127.0.0.1' is not an endpoint: a tcp endpoint needs a host and a port", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OptionsBoundFromTheConfigurationsRootAreNamedByTheirKeysAlone()
    {
        var builder = TestHosts.Builder(new Dictionary<string, string?> { ["MaxConcurrency"] = "0" });
        builder.Services.AddZmqServer(builder.Configuration).AddContract<IWelcomer, Welcomer>();
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().Bound());

        Assert.Equal(
            ["Endpoint is required: the endpoint to use, such as \"tcp://127.0.0.1:5555\".", "MaxConcurrency: "],
            failure.Failures.Select(message => message.StartsWith("MaxConcurrency: ", StringComparison.Ordinal) ? "MaxConcurrency: " : message));
    }

    [Fact]
    public async Task AMissingEndpointFailsTheStartNamingIt()
    {
        var builder = TestHosts.Builder(new Dictionary<string, string?> { ["Zmq:Worker:OutputEndpoint"] = Loopback.FreeEndpoint() });
        builder.Services.AddZmqWorker<ISquarer, Squarer>(builder.Configuration.GetSection("Zmq:Worker"));
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().Bound());

        Assert.Contains("Zmq:Worker:InputEndpoint is required", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWorkerWhoseStageProducesResultsWithoutAnOutputFailsTheStartNamingIt()
    {
        var builder = TestHosts.Builder(new Dictionary<string, string?> { ["Zmq:Worker:InputEndpoint"] = Loopback.FreeEndpoint() });
        builder.Services.AddZmqWorker<ISquarer, Squarer>(builder.Configuration.GetSection("Zmq:Worker"));
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().Bound());

        Assert.StartsWith("Zmq:Worker:OutputEndpoint is required: the ISquarer stage produces results", Assert.Single(failure.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CurveKeysInConfigurationFailTheStartSayingToSetCurveInCode()
    {
        var builder = TestHosts.Builder(new Dictionary<string, string?>
        {
            ["Zmq:Welcomer:Endpoint"] = Loopback.AnyPort,
            ["Zmq:Welcomer:Curve:ServerPublicKey"] = ZmqCurveKeyPair.Generate().PublicKey,
        });
        builder.Services.AddZmqClient<IWelcomer>(builder.Configuration.GetSection("Zmq:Welcomer"));
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().Bound());

        Assert.StartsWith(
            "Zmq:Welcomer:Curve: Curve holds an object, not text, so configuration cannot set it: remove it there and set it in code, with services.Configure<ZmqClientOptions>(\"Zmq:Welcomer\", o => o.Curve = ...)",
            Assert.Single(failure.Failures),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMisspeltKeyFailsTheStartNamingItByItsPathAndTheOptionItMayStandFor()
    {
        var builder = TestHosts.Builder(new Dictionary<string, string?>
        {
            ["Zmq:Welcomer:Endpoint"] = Loopback.FreeEndpoint(),
            ["Zmq:Welcomer:RequestTimout"] = "00:00:05",
            ["Zmq:Welcomer:maxattempt"] = "2",
        });
        builder.Services.AddZmqClient<IWelcomer>(builder.Configuration.GetSection("Zmq:Welcomer"));
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().Bound());

        Assert.Equal(
            [
                "Zmq:Welcomer:maxattempt: ZmqClientOptions has no option maxattempt, so it sets nothing: did you mean MaxAttempts?",
                "Zmq:Welcomer:RequestTimout: ZmqClientOptions has no option RequestTimout, so it sets nothing: did you mean RequestTimeout?",
            ],
            failure.Failures);
    }

    [Fact]
    public async Task AMisspeltKeyOfAServerFailsTheStartWithTheOtherProblemsOfItsOptions()
    {
        var builder = TestHosts.Builder(new Dictionary<string, string?>
        {
            ["Zmq:Server:Endpiont"] = Loopback.AnyPort,
            ["Zmq:Server:MaxConcurrency"] = "0",
            ["Zmq:Server:Colour"] = "blue",
        });
        builder.Services.AddZmqServer(builder.Configuration.GetSection("Zmq:Server")).AddContract<IWelcomer, Welcomer>();
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().Bound());

        Assert.Collection(
            failure.Failures,
            colour => Assert.StartsWith("Zmq:Server:Colour: ZmqServerOptions has no option Colour, so it sets nothing: its options are Endpoint, MaxConcurrency, ", colour, StringComparison.Ordinal),
            endpoint => Assert.Equal("Zmq:Server:Endpiont: ZmqServerOptions has no option Endpiont, so it sets nothing: did you mean Endpoint?", endpoint),
            required => Assert.StartsWith("Zmq:Server:Endpoint is required", required, StringComparison.Ordinal),
            maxConcurrency => Assert.StartsWith("Zmq:Server:MaxConcurrency: ", maxConcurrency, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AMisspeltKeyOfEveryKindOfRegistrationFailsTheStartNamingIt()
    {
        var builder = TestHosts.Builder(new Dictionary<string, string?>
        {
            ["Zmq:Worker:InputEndpoint"] = Loopback.FreeEndpoint(),
            ["Zmq:Worker:OutputEndpoint"] = Loopback.FreeEndpoint(),
            ["Zmq:Worker:Prefech"] = "4",
            ["Zmq:Producer:Endpoint"] = Loopback.AnyPort,
            ["Zmq:Producer:Lingr"] = "00:00:01",
            ["Zmq:Collector:Endpoint"] = Loopback.AnyPort,
            ["Zmq:Collector:MaxQueued"] = "5",
            ["Zmq:Publisher:Endpoint"] = Loopback.AnyPort,
            ["Zmq:Publisher:SlowSubscriber"] = "Wait",
            ["Zmq:Subscriber:Endpoint"] = Loopback.FreeEndpoint(),
            ["Zmq:Subscriber:BufferCapacty"] = "10",
            ["Zmq:Ticks:Endpoint"] = Loopback.FreeEndpoint(),
            ["Zmq:Ticks:Heartbeat"] = "00:00:01",
        });
        builder.Services.AddSingleton<ReceivedTicks>();
        builder.Services.AddZmqWorker<ISquarer, Squarer>(builder.Configuration.GetSection("Zmq:Worker"));
        builder.Services.AddZmqProducer<ISquarer>(builder.Configuration.GetSection("Zmq:Producer"));
        builder.Services.AddZmqCollector<ISquarer>(builder.Configuration.GetSection("Zmq:Collector"));
        builder.Services.AddZmqPublisher(builder.Configuration.GetSection("Zmq:Publisher"));
        builder.Services.AddZmqSubscriber(builder.Configuration.GetSection("Zmq:Subscriber"));
        builder.Services.AddZmqSubscription<HostedTick, TickHandler>(builder.Configuration.GetSection("Zmq:Ticks"));
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<AggregateException>(() => host.StartAsync().Bound());

        Assert.Equal(
            [
                "Zmq:Collector:MaxQueued: ZmqCollectorOptions has no option MaxQueued, so it sets nothing: did you mean MaxQueuedResults or MaxQueuedFailures?",
                "Zmq:Producer:Lingr: ZmqProducerOptions has no option Lingr, so it sets nothing: did you mean Linger?",
                "Zmq:Publisher:SlowSubscriber: ZmqPublisherOptions has no option SlowSubscriber, so it sets nothing: did you mean SlowSubscribers?",
                "Zmq:Subscriber:BufferCapacty: ZmqSubscriberOptions has no option BufferCapacty, so it sets nothing: did you mean BufferCapacity?",
                "Zmq:Ticks:Heartbeat: ZmqSubscriberOptions has no option Heartbeat, so it sets nothing: did you mean HeartbeatInterval?",
                "Zmq:Worker:Prefech: ZmqWorkerOptions has no option Prefech, so it sets nothing: did you mean Prefetch?",
            ],
            failure.InnerExceptions.SelectMany(inner => Assert.IsType<OptionsValidationException>(inner).Failures).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task KeysOfTheConfigurationsRootThatNameNoOptionAreLeftAlone()
    {
        var builder = TestHosts.Builder(new Dictionary<string, string?>
        {
            ["Endpoint"] = Loopback.FreeEndpoint(),
            ["RequestTimout"] = "00:00:05",
            ["Logging:LogLevel:Default"] = "Information",
        });
        builder.Services.AddZmqClient<IWelcomer>(builder.Configuration);
        using var host = builder.Build();

        await host.StartAsync().Bound();

        await host.StopAsync().Bound();
    }

    [Fact]
    public async Task AnInvalidReloadIsLoggedNamingTheKeyAndTheEndpointsKeepTheOptionsTheHostStartedWith()
    {
        var endpoint = Loopback.FreeEndpoint();
        var builder = TestHosts.Builder(new Dictionary<string, string?>
        {
            ["Zmq:Server:Endpoint"] = endpoint,
            ["Zmq:Adder:Endpoint"] = endpoint,
            ["Zmq:Adder:RequestTimeout"] = "00:00:05",
        });
        var log = new ListLogger();
        builder.Logging.AddProvider(new OneLoggerProvider(log));
        builder.Services.AddSingleton<CallLedger>().AddScoped<CallScope>();
        builder.Services.AddZmqServer(builder.Configuration.GetSection("Zmq:Server")).AddContract<IAdder, Adder>();
        builder.Services.AddZmqClient<IAdder>(builder.Configuration.GetSection("Zmq:Adder"));
        using var host = builder.Build();
        await host.StartAsync().Bound();

        var configuration = (IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>();
        configuration.Providers.OfType<MemoryConfigurationProvider>().Single(provider => provider.TryGet("Zmq:Adder:RequestTimeout", out _)).Set("Zmq:Adder:RequestTimeout", "-00:00:01");
        configuration.Reload();

        // The client is made after the reload, with the options the host started with.
        Assert.Equal(7, await host.Services.GetRequiredService<IAdder>().Add(3, 4).Bound());
        var refused = Assert.Single(log.Entries, entry => entry.Id.Id == 400);
        Assert.Equal(LogLevel.Warning, refused.Level);
        Assert.StartsWith(
            "Zmq:Adder: the configuration reloaded gives options that are not valid, so the change is not applied (endpoints take their options when made, and keep those the host started with): Zmq:Adder:RequestTimeout: ",
            refused.Message,
            StringComparison.Ordinal);
        await host.StopAsync().Bound();
    }

    [Fact]
    public async Task A_file_reload_logs_an_invalid_edit_once_and_a_valid_edit_as_not_applied_naming_its_keys()
    {
        var directory = Directory.CreateTempSubdirectory("zmq-reload-");
        try
        {
            var file = Path.Combine(directory.FullName, "appsettings.json");
            File.WriteAllText(file, WelcomerSettings("00:00:05"));
            var builder = TestHosts.Builder();
            builder.Configuration.AddJsonFile(file, optional: false, reloadOnChange: true);
            var log = new ListLogger();
            builder.Logging.AddProvider(new OneLoggerProvider(log));
            builder.Services.AddZmqClient<IWelcomer>(builder.Configuration.GetSection("Zmq:Welcomer"));
            using var host = builder.Build();
            await host.StartAsync().Bound();
            var configuration = host.Services.GetRequiredService<IConfiguration>();

            Replace(file, WelcomerSettings("-00:00:01"));
            await log.Logged("gives options that are not valid").Bound();

            // Armed once the warning is out, so that the reload it waits for reads the invalid file again.
            var reloaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var watching = configuration.GetReloadToken().RegisterChangeCallback(_ => reloaded.TrySetResult(), null);
            Replace(file, WelcomerSettings("-00:00:01"));
            await reloaded.Task.Bound();

            // Reloads are checked one at a time, in order: a second warning for the invalid file would be out before this one.
            Replace(file, WelcomerSettings("00:00:07"));
            await log.Logged("which is not applied").Bound();
            Assert.Single(log.Entries, entry => entry.Id.Id == 400);
            var seen = Assert.Single(log.Entries, entry => entry.Id.Id == 401);
            Assert.Equal(LogLevel.Warning, seen.Level);
            Assert.StartsWith("Zmq:Welcomer: the configuration reloaded changes Zmq:Welcomer:RequestTimeout, which is not applied", seen.Message, StringComparison.Ordinal);
            await host.StopAsync().Bound();
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static string WelcomerSettings(string requestTimeout) =>
        $$"""{ "Zmq": { "Welcomer": { "Endpoint": "tcp://127.0.0.1:5555", "RequestTimeout": "{{requestTimeout}}" } } }""";

    /// <summary>Puts <paramref name="text"/> in <paramref name="file"/> at once (a rename), so that a reload never reads it half written.</summary>
    private static void Replace(string file, string text)
    {
        var written = file + ".new";
        File.WriteAllText(written, text);
        File.Move(written, file, overwrite: true);
    }

    [Fact]
    public void ATypeWithoutGeneratedCodeIsRefusedNamingWhatItNeeds()
    {
        var services = TestHosts.Builder().Services;

        var client = Assert.Throws<InvalidOperationException>(() => services.AddZmqClient<IDisposable>(options => options.Endpoint = Loopback.AnyPort));
        var worker = Assert.Throws<InvalidOperationException>(() => services.AddZmqWorker<IAdder, Adder>(options => options.InputEndpoint = Loopback.AnyPort));
        var twice = Assert.Throws<InvalidOperationException>(() => services.AddZmqServer(options => options.Endpoint = Loopback.AnyPort)
            .AddContract<IWelcomer, Welcomer>()
            .AddContract<IWelcomer, Welcomer>());

        Assert.Equal("System.IDisposable has no generated client: it needs [Reply] on the contract, in a project that references ZmqContracts.", client.Message);
        Assert.StartsWith("ZmqContracts.Tests.Hosting.IAdder has no generated worker: it needs [Pipeline]", worker.Message, StringComparison.Ordinal);
        Assert.EndsWith("serves IWelcomer already.", twice.Message, StringComparison.Ordinal);
    }
}

/// <summary>Gives every category the one logger.</summary>
internal sealed class OneLoggerProvider(ILogger logger) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => logger;

    public void Dispose()
    {
    }
}
