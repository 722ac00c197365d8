"""A pyzmq REQ client of a ZmqContracts server over CURVE (docs/security.md), and pyzmq's key pair generator.

    python3 curve_client.py keypair
        prints a new key pair from zmq.curve_keypair(): "public: <40 characters>" and "secret: <40 characters>"
    python3 curve_client.py call tcp://localhost:5555 '--server-key=<the server's public key>' [--serializer ...] [--count 1] [--timeout 10]
        calls a one-operation server (samples/RequestReply) as req_client.py does, encrypted. Write the key with "=" and
        in quotes: Z85 text may start with "-" and holds characters the shell reads ($, &, <, !).

The server loads its key pair with ZmqCurveKeyPair.FromSecretKey("<secret>") and binds with
Curve = ZmqCurve.Server(pair); this client needs only the public key.
"""
import argparse

import zmq

from zmqc import FORMATS, add_format_argument, check_payload, send

parser = argparse.ArgumentParser()
commands = parser.add_subparsers(dest="command", required=True)
commands.add_parser("keypair")
call = commands.add_parser("call")
call.add_argument("endpoint")
call.add_argument("--server-key", required=True, help="the server's public key in Z85 text (40 characters)")
call.add_argument("--count", type=int, default=1)
call.add_argument("--timeout", type=float, default=10, help="give up when a reply takes this many seconds (default: %(default)s)")
add_format_argument(call)
args = parser.parse_args()

if args.command == "keypair":
    public, secret = zmq.curve_keypair()
    print("public:", public.decode(), flush=True)
    print("secret:", secret.decode(), flush=True)
else:
    _, decode = FORMATS[args.serializer]
    socket = zmq.Context.instance().socket(zmq.REQ)
    socket.curve_publickey, socket.curve_secretkey = zmq.curve_keypair()  # the client's own pair: a NetMQ server checks no client key
    socket.curve_serverkey = args.server_key.encode()
    socket.setsockopt(zmq.RCVTIMEO, int(args.timeout * 1000))
    socket.setsockopt(zmq.LINGER, 0)
    socket.connect(args.endpoint)
    for _ in range(args.count):
        send(socket, "A message", args.serializer)
        print(decode(check_payload(socket.recv_multipart())), flush=True)
