"""The tutorial's zmq_server.py, serving the IMessages contract of samples/RequestReply over plain REP.

A generated MessagesClient sends [b"Send"][payload]; REP keeps the client's envelope, so replies find their way.

    python3 rep_server.py tcp://*:5555 [--serializer msgpack|json|raw] [--count 0]
"""
import argparse

import zmq

from zmqc import FORMATS, add_format_argument, bind

parser = argparse.ArgumentParser()
parser.add_argument("endpoint")
parser.add_argument("--count", type=int, default=0, help="stop after this many requests (0: serve until killed)")
add_format_argument(parser)
args = parser.parse_args()
encode, decode = FORMATS[args.serializer]

socket = zmq.Context.instance().socket(zmq.REP)
socket.setsockopt(zmq.LINGER, 1_000)
bind(socket, args.endpoint)
served = 0
while args.count == 0 or served < args.count:
    frames = socket.recv_multipart()
    # [operation][message] from a generated client, or just [message]: the contract has one operation.
    message = decode(frames[1] if len(frames) > 1 else frames[0])
    print("received:", message, flush=True)
    socket.send(encode("new message"))
    served += 1
zmq.Context.instance().destroy()  # delivers the last reply (within the linger) before the process ends
