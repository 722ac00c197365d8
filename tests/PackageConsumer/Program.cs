using Microsoft.Extensions.DependencyInjection;
using ZmqContracts;

await using var server = new GreeterServer(new Greeter(), "tcp://127.0.0.1:*");
server.Start();
await using var client = new GreeterClient(server.Endpoint);
var greeting = await client.Greet("package");
Console.WriteLine(greeting);

// The same call through ZmqContracts.Hosting: its registration meets the factory the packaged generator wrote.
await using var services = new ServiceCollection()
    .AddZmqClient<IGreeter>(options => options.Endpoint = server.Endpoint)
    .BuildServiceProvider();
var hostedGreeting = await services.GetRequiredService<IGreeter>().Greet("hosting package");
Console.WriteLine(hostedGreeting);
return greeting == "Hello, package" && hostedGreeting == "Hello, hosting package" ? 0 : 1;

/// <summary>A contract in a project that references only the ZmqContracts package.</summary>
[Reply]
public interface IGreeter
{
    /// <summary>Greets <paramref name="name"/>.</summary>
    Task<string> Greet(string name, CancellationToken cancellationToken = default);
}

/// <summary>Greets by name.</summary>
public sealed class Greeter : IGreeter
{
    /// <inheritdoc />
    public Task<string> Greet(string name, CancellationToken cancellationToken = default) => Task.FromResult($"Hello, {name}");
}
