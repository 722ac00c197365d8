"""The tutorial's zmq_client1.py: subscribes to one topic of a samples/PubSub publisher (or pub.py) and prints what arrives.

ZeroMQ matches by prefix: a subscriber of client1 also gets client10. A ZmqSubscriber filters exactly; this one does not.

    python3 sub.py tcp://localhost:5555 [--topic client1] [--count 10] [--serializer msgpack|json]
"""
import zmq

from zmqc import FORMATS, open_socket, peer_arguments

parser = peer_arguments("messages to print before exiting", 10)
parser.add_argument("endpoint")
parser.add_argument("--topic", default="client1")
args = parser.parse_args()
_, decode = FORMATS[args.serializer]

socket = open_socket(zmq.SUB, args.timeout)
socket.subscribe(args.topic)
socket.connect(args.endpoint)
for _ in range(args.count):
    topic, payload = socket.recv_multipart()[:2]  # [topic][payload]; later frames are for later versions
    print(topic.decode(), decode(payload), flush=True)
