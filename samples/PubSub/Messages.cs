using ZmqContracts;

namespace PubSubSample;

/// <summary>What zmq_server.py sends on "client1": the typed version is a record; the generator makes it a topic message.</summary>
[Topic("client1")]
public partial record Client1Message(string Text);

/// <summary>What zmq_server.py sends on "client2".</summary>
[Topic("client2")]
public partial record Client2Message(string Text);

/// <summary>A quote, published under prices.MSFT, prices.IBM…: the topic is filled in from Symbol.</summary>
[Topic("prices.{Symbol}")]
public partial record Price(string Symbol, decimal Bid, decimal Ask);
