"""An MDP/0.1 client (RFC 7) written with pyzmq: calls a service through a Majordomo broker.

A REQ socket, as RFC 7 recommends for a synchronous client (it writes and strips the empty frame 0 itself), with the
Lazy Pirate recovery RFC 7 suggests: when no reply comes within --timeout seconds, close the socket, open a new one and
send again, at most --retries times. The body is [operation][value] with --operation, else [value] alone (a
one-operation ZmqContracts service). mmi.service (RFC 8) answers 200 or 404:

    python3 mdp_client.py tcp://localhost:5555 Greeter Ada --serializer msgpack --count 3
    python3 mdp_client.py tcp://localhost:5555 mmi.service Greeter --serializer raw
"""
import argparse

import zmq

import mdp
from zmqc import FORMATS, add_format_argument, check_payload

parser = argparse.ArgumentParser()
parser.add_argument("endpoint")
parser.add_argument("service")
parser.add_argument("value")
parser.add_argument("--operation", help="an operation frame before the value")
parser.add_argument("--count", type=int, default=1)
parser.add_argument("--timeout", type=float, default=10, help="seconds to wait for each reply (default: %(default)s)")
parser.add_argument("--retries", type=int, default=3)
add_format_argument(parser)
args = parser.parse_args()
encode, decode = FORMATS[args.serializer]
context = zmq.Context.instance()
body = ([args.operation.encode()] if args.operation else []) + [encode(args.value)]


def call():
    for _ in range(args.retries):
        socket = context.socket(zmq.REQ)
        socket.linger = 0
        socket.connect(args.endpoint)
        socket.send_multipart([mdp.CLIENT, args.service.encode(), *body])
        if socket.poll(args.timeout * 1000):
            header, service, *reply = socket.recv_multipart()
            socket.close()
            if header != mdp.CLIENT or service != args.service.encode():
                raise RuntimeError(f"not an MDP/0.1 reply of {args.service}: {header!r} {service!r}")
            return reply
        socket.close()
    raise SystemExit(f"no reply from {args.service} after {args.retries} tries")


for _ in range(args.count):
    print(decode(check_payload(call())), flush=True)
context.term()
