using System.Collections.Generic;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ZmqContracts.Broker;

// zmqc-broker [--endpoint tcp://*:5555] [--publishers tcp://*:5556 --subscribers tcp://*:5557] [--heartbeat 00:00:02.5] [--proxy-heartbeat 00:00:01]
var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddEnvironmentVariables("ZMQC_");
builder.Configuration.AddCommandLine(args, new Dictionary<string, string>
{
    ["--endpoint"] = $"{BrokerSettings.Section}:{nameof(BrokerSettings.Endpoint)}",
    ["--publishers"] = $"{BrokerSettings.Section}:{nameof(BrokerSettings.PublisherEndpoint)}",
    ["--subscribers"] = $"{BrokerSettings.Section}:{nameof(BrokerSettings.SubscriberEndpoint)}",
    ["--heartbeat"] = $"{BrokerSettings.Section}:{nameof(BrokerSettings.HeartbeatInterval)}",
    ["--proxy-heartbeat"] = $"{BrokerSettings.Section}:{nameof(BrokerSettings.ProxyHeartbeatInterval)}",
});
builder.Logging.AddSimpleConsole(console =>
{
    console.SingleLine = true;
    console.TimestampFormat = "yyyy-MM-dd HH:mm:ss.fff ";
});
builder.Services.Configure<BrokerSettings>(builder.Configuration.GetSection(BrokerSettings.Section));
builder.Services.AddHostedService<BrokerHost>();
await builder.Build().RunAsync();
