using System.Threading.Tasks;
using Grpc.Core;
using MessagePack;
using ZmqContracts.Benchmarks.Shared;

namespace ZmqContracts.Load;

/// <summary>
/// <see cref="IPricing.Price"/> as a grpc-dotnet unary method, declared in code rather than from a .proto file so that
/// it carries the same MessagePack bytes as the NetMQ rows: the difference is the transport (HTTP/2), not the format.
/// </summary>
[BindServiceMethod(typeof(PricingGrpcService), nameof(BindService))]
public class PricingGrpcService
{
    public static Method<PriceRequest, PriceReply> PriceMethod { get; } = new(
        MethodType.Unary,
        "ZmqContracts.Benchmarks.Pricing",
        nameof(Price),
        MessagePackMarshaller<PriceRequest>(),
        MessagePackMarshaller<PriceReply>());

    // grpc-dotnet finds the handler by the method's name on this type; what is passed here is only for its binder's shape.
    public static void BindService(ServiceBinderBase binder, PricingGrpcService? service) =>
        binder.AddMethod(PriceMethod, service is null ? null : service.Price);

    // Virtual because grpc-dotnet only binds a handler that is, or overrides, a virtual method of the bound type.
    public virtual Task<PriceReply> Price(PriceRequest request, ServerCallContext context) => Task.FromResult(Pricing.Quote(request));

    private static Marshaller<T> MessagePackMarshaller<T>() => Marshallers.Create(
        value => MessagePackSerializer.Serialize(value, HandWrittenCodec.Options),
        bytes => MessagePackSerializer.Deserialize<T>(bytes, HandWrittenCodec.Options));
}
