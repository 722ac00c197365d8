"""The tutorial's producer.py: pushes {"num": n} items to samples/Pipeline workers (or worker.py), spread over them in turn.

ZeroMQ spreads items only over the workers connected when they are sent, so it waits for --workers of them first.

    python3 producer.py tcp://*:5577 [--workers 1] [--count 2000] [--serializer msgpack|json]
"""
import zmq
from zmq.utils.monitor import recv_monitor_message

from zmqc import bind, open_socket, peer_arguments, send

parser = peer_arguments("items to send", 2000)
parser.add_argument("endpoint")
parser.add_argument("--workers", type=int, default=1, help="workers to wait for before sending (default: %(default)s)")
args = parser.parse_args()

socket = open_socket(zmq.PUSH, args.timeout)
monitor = socket.get_monitor_socket(zmq.EVENT_HANDSHAKE_SUCCEEDED)
monitor.rcvtimeo = socket.rcvtimeo
bind(socket, args.endpoint)
for _ in range(args.workers):
    recv_monitor_message(monitor)
socket.disable_monitor()

for num in range(args.count):
    send(socket, {"num": num}, args.serializer)  # with --serializer json: socket.send_json({"num": num})
print(f"sent {args.count} items", flush=True)
zmq.Context.instance().destroy()
