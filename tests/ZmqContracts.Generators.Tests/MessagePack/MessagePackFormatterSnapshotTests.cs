using System.Linq;
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

    [Fact]
    public void TuplesGridsImmutableCollectionsAndOwnFormattersUseMessagePacksFormatters() => VerifyGenerated(nameof(TuplesGridsImmutableCollectionsAndOwnFormattersUseMessagePacksFormatters), 1, """
        using System.Collections.Immutable;
        using System.Threading.Tasks;
        using MessagePack;
        using MessagePack.Formatters;
        using ZmqContracts;

        namespace Shop;

        [MessagePackFormatter(typeof(MoneyFormatter))]
        public record Money(long Cents);

        public sealed class MoneyFormatter : IMessagePackFormatter<Money>
        {
            public void Serialize(ref MessagePackWriter writer, Money value, MessagePackSerializerOptions options) => writer.Write(value.Cents);

            public Money Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) => new(reader.ReadInt64());
        }

        public record Shelf(int[,] Grid, ImmutableArray<string> Labels, IImmutableList<Money> Prices, System.Tuple<int, string> Legacy)
        {
            [MessagePackFormatter(typeof(CodeFormatter))]
            public string Code { get; init; } = "";

            [MessagePackFormatter(typeof(CodeFormatter))]
            public string? Aisle { get; set; }
        }

        public sealed class CodeFormatter : IMessagePackFormatter<string?>
        {
            public void Serialize(ref MessagePackWriter writer, string? value, MessagePackSerializerOptions options) => writer.Write(value?.ToUpperInvariant());

            public string? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) => reader.ReadString();
        }

        [Reply]
        public interface IStock
        {
            Task<(int Count, string Name)> Count(Shelf shelf, (Money Price, int Quantity)[] lines);

            Task<(int A, int B, int C, int D, int E, int F, int G, string H)> Wide();
        }
        """);

    [Fact]
    public void Every_collection_MessagePack_knows_gets_MessagePacks_formatter_and_compiles()
    {
        var generated = GeneratorHarness.Generate(new MessagePackFormatterGenerator(), """
            using System;
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            using System.Collections.Immutable;
            using System.Collections.ObjectModel;
            using System.Threading.Tasks;
            using ZmqContracts;

            public record Everything(
                IReadOnlySet<int> A, ObservableCollection<int> B, ReadOnlyObservableCollection<int> C, ConcurrentBag<int> D,
                ConcurrentQueue<int> E, ConcurrentStack<int> F, ConcurrentDictionary<string, int> G, Lazy<int> H,
                ImmutableList<int> I, ImmutableDictionary<string, int> J, ImmutableHashSet<int> K, ImmutableSortedDictionary<string, int> L,
                ImmutableSortedSet<int> M, ImmutableQueue<int> N, ImmutableStack<int> O, IImmutableDictionary<string, int> P,
                IImmutableQueue<int> Q, IImmutableSet<int> R, IImmutableStack<int> S, int[,,] T, int[,,,] U, ImmutableArray<int>? V);

            [Reply]
            public interface IEverything { Task Send(Everything everything); }
            """).Single().SourceText.ToString();

        Assert.Equal(23, generated.Split("return new global::MessagePack.").Length - 1);
    }
}
