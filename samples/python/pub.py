"""The tutorial's zmq_server.py: publishes a message for client1 and one for client2, to samples/PubSub subscribers or any SUB.

It is an XPUB, a PUB that also receives its subscribers' subscriptions: instead of sleeping for slow joiners it waits
until each of its topics has a subscriber, as ZmqPublisher.WaitForSubscriberAsync does.

    python3 pub.py tcp://*:5555 [--topics client1 client2] [--count 10] [--serializer msgpack|json]
"""
import zmq

from zmqc import FORMATS, bind, open_socket, peer_arguments

parser = peer_arguments("messages per topic", 10)
parser.add_argument("endpoint")
parser.add_argument("--topics", nargs="+", default=["client1", "client2"])
args = parser.parse_args()
encode, _ = FORMATS[args.serializer]

socket = open_socket(zmq.XPUB, args.timeout)
bind(socket, args.endpoint)
unheard = {topic.encode() for topic in args.topics}
while unheard:
    subscription = socket.recv()  # b"\x01" + prefix subscribes, b"\x00" + prefix unsubscribes; ZeroMQ matches by prefix
    if subscription[0] == 1:
        unheard = {topic for topic in unheard if not topic.startswith(subscription[1:])}

for n in range(1, args.count + 1):
    for topic in args.topics:
        socket.send_multipart([topic.encode(), encode({"text": f"message for {topic} #{n}"})])
print(f"published {args.count} messages per topic", flush=True)
zmq.Context.instance().destroy()
