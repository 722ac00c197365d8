namespace ZmqContracts.Tests.PubSub;

#pragma warning disable ZMQ0103 // The interop tests' Client1Text and Client2Text have these topics too; each test uses one pair.
#pragma warning disable ZMQ0113 // FlowReading's template, made to take in other subscribers' markers, meets the templates here; no test subscribes to both.

[Topic("client1")]
public partial record Client1Message(string Text);

[Topic("client2")]
public partial record Client2Message(string Text);

#pragma warning restore ZMQ0103

[Topic("alerts", MatchPrefix = true)]
public partial record Alert(string Text);

[Topic("prices.{Symbol}")]
public partial record Price(string Symbol, decimal Bid, decimal Ask);

[Topic("greetings.json", Format = ZmqFormat.Json)]
public partial record JsonGreeting(string Text);

[Topic("ticks")]
public partial record Tick(long Sequence);

/// <summary>A message of one lane of a burst, numbered by the test, with filler that makes a burst overflow the socket buffers.</summary>
[Topic("bulk.{Lane}")]
public partial record Bulk(string Lane, long Number, byte[] Filler);

/// <summary>Never published: a raw peer subscribes to one round's topic so that a test sees when a publisher has read what came before.</summary>
[Topic("rounds.{Number}")]
public partial record Round(int Number);

/// <summary>A raw topic of one byte array: its payload frame is <see cref="Data"/>, byte for byte.</summary>
[Topic("bin.array", Format = ZmqFormat.Raw)]
public partial record BinMessage(byte[] Data);

/// <summary>A raw topic of one block of memory: its payload frame is <see cref="Data"/>, byte for byte.</summary>
[Topic("bin.memory", Format = ZmqFormat.Raw)]
public partial record BinMemoryMessage(System.ReadOnlyMemory<byte> Data);

/// <summary>A template whose topics start with a placeholder: its subscription's prefix is empty, and takes in every topic.</summary>
[Topic("{Site}.flow.{Meter}")]
public partial record FlowReading(string Site, string Meter, int Litres);

/// <summary>Two templates of one first text, so one subscription: <c>quotes.</c>.</summary>
[Topic("quotes.{Symbol}.bid")]
public partial record BidQuote(string Symbol, decimal Price);

[Topic("quotes.{Symbol}.ask")]
public partial record AskQuote(string Symbol, decimal Price);

/// <summary>A template of a char: a UTF-16 surrogate alone has no UTF-8 form, so it is refused.</summary>
[Topic("initials.{Initial}")]
public partial record Initialed(char Initial, string Text);
