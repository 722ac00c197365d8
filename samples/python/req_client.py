"""The tutorial's zmq_client.py, talking to a ZmqContracts server (samples/RequestReply) over plain REQ.

IMessages has one operation, so a one-frame request calls it: no operation name needed (docs/protocol.md).

    python3 req_client.py tcp://localhost:5555 [--serializer msgpack|json|raw] [--count 1]
"""
import argparse

import zmq

from zmqc import FORMATS, add_format_argument, check_payload, send

parser = argparse.ArgumentParser()
parser.add_argument("endpoint")
parser.add_argument("--count", type=int, default=1)
add_format_argument(parser)
args = parser.parse_args()
_, decode = FORMATS[args.serializer]

socket = zmq.Context.instance().socket(zmq.REQ)
socket.setsockopt(zmq.RCVTIMEO, 10_000)
socket.setsockopt(zmq.LINGER, 0)
socket.connect(args.endpoint)
for _ in range(args.count):
    send(socket, "A message", args.serializer)  # with --serializer json: socket.send_json("A message")
    print(decode(check_payload(socket.recv_multipart())), flush=True)
