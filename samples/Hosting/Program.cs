using System;
using HostingSample;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using ZmqContracts;

// A worker service: the endpoints come from appsettings.json ("Zmq" section), found next to the program wherever it is
// started from; Ctrl+C or SIGTERM stops the host, which drains the server, the worker and the subscription and frees
// their endpoints before the process ends.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
var zmq = builder.Configuration.GetSection("Zmq");

builder.Services.AddScoped<RequestClock>();
builder.Services.AddZmqServer(zmq.GetSection("Server"))
    .AddContract<ICalculator, Calculator>()
    .AddContract<IGreeter, Greeter>();
builder.Services.AddZmqClient<ICalculator>(zmq.GetSection("Calculator"));
builder.Services.AddZmqClient<IGreeter>(zmq.GetSection("Greeter"));

builder.Services.AddZmqProducer<ISquarer>(zmq.GetSection("Producer"));
builder.Services.AddZmqWorker<ISquarer, Squarer>(zmq.GetSection("Worker"));
builder.Services.AddZmqCollector<ISquarer>(zmq.GetSection("Collector"));

builder.Services.AddZmqPublisher(zmq.GetSection("Publisher"));
builder.Services.AddZmqSubscription<Price, PriceHandler>(zmq.GetSection("Prices"));

builder.Services.AddHealthChecks().AddZmqContracts();

// Every span and metric of the endpoints above, through the OpenTelemetry SDK, to the console (docs/observability.md
// shows OTLP instead): each call is a Client span and the Server span under it; the metrics print every 10 s and at exit.
builder.Services.AddOpenTelemetry()
    .WithTracing(tracing => tracing.AddSource(ZmqTelemetry.ActivitySourceName).AddConsoleExporter())
    .WithMetrics(metrics => metrics.AddMeter(ZmqTelemetry.MeterName).AddConsoleExporter());
builder.Services.AddHostedService<Demo>();

await builder.Build().RunAsync();
