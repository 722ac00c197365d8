using Xunit;
using ZmqContracts.Generators.MessagePack;

namespace ZmqContracts.Generators.Tests.MessagePack;

public class MessagePackFormatterSnapshotTests
{
    private static void VerifyGenerated(string testName, int expectedFiles, string source)
    {
        var generated = GeneratorHarness.Generate(new MessagePackFormatterGenerator(), source);
        Assert.Equal(expectedFiles, generated.Length);
        Snapshot.VerifyGenerated($"{nameof(MessagePackFormatterSnapshotTests)}.{testName}", generated);
    }

    [Fact]
    public void EveryPatternWithNestedRecordsCollectionsEnumsAndNullables() => VerifyGenerated(nameof(EveryPatternWithNestedRecordsCollectionsEnumsAndNullables), 1, """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using ZmqContracts;

        namespace Shop;

        public enum Priority : byte { Low, High = 200 }

        public record Line(string Sku, int Quantity, decimal? Discount);

        public record Order(int Id, Customer? Customer, List<Line> Lines, Dictionary<string, Priority> Flags, Priority? Urgency)
        {
            public string? Note { get; init; } = "none";
            public int Revision { get; set; }
            public int Total => Lines.Count;
        }

        public record Customer(string Name, IReadOnlyList<string> Emails);

        public struct Point
        {
            public double X;
            public double Y { get; set; }
        }

        [Reply]
        public interface IOrders
        {
            Task<Order?> Find(int id, CancellationToken cancellationToken);
            Task Move(Point[] path);
        }

        [Pipeline]
        public interface IPacking
        {
            Task<Line[]> Pack(Order order);
        }

        [Topic("orders.placed")]
        public partial record OrderPlaced(Order Order, Point Where);

        [Reply(Format = ZmqFormat.Json)]
        public interface IJsonOnly
        {
            Task Send(JsonOnly message);
        }

        public record JsonOnly(string Text);
        """);

    [Fact]
    public void ContractsOfPrimitivesNeedNoFormatter() => VerifyGenerated(nameof(ContractsOfPrimitivesNeedNoFormatter), 0, """
        using System.Threading.Tasks;
        using ZmqContracts;

        [Reply]
        public interface ICalculator
        {
            Task<int> Add(int a, int b);
            Task<string> Name(byte[] data, System.Guid id);
        }
        """);

    [Fact]
    public void GenericContractsAndTopicsGetNoFormatter() => VerifyGenerated(nameof(GenericContractsAndTopicsGetNoFormatter), 0, """
        using System.Threading.Tasks;
        using ZmqContracts;

        [Topic("boxes")]
        public partial record Box<T>(T Value);

        [Reply]
        public interface IStore<T>
        {
            Task<T> Get(string key);
        }
        """);
}
