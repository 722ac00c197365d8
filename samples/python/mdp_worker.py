"""An MDP/0.1 worker (RFC 7) written with pyzmq: registers a service with a broker and echoes every request body.

Echoing the whole body returns a ZmqContracts client's correlation tag too, so a typed client with ViaBroker calls it
(docs/protocol.md). It heartbeats the broker and registers again on a new socket when the broker goes silent or sends
DISCONNECT.

    python3 mdp_worker.py tcp://localhost:5555 echo [--count 10] [--heartbeat 2.5]
"""
import argparse
import time

import zmq

import mdp

parser = argparse.ArgumentParser()
parser.add_argument("endpoint")
parser.add_argument("service")
parser.add_argument("--count", type=int, default=10, help="requests to serve before sending DISCONNECT and exiting (default: %(default)s)")
parser.add_argument("--heartbeat", type=float, default=mdp.HEARTBEAT_INTERVAL, help="seconds between heartbeats (default: %(default)s)")
parser.add_argument("--timeout", type=float, default=60, help="give up after this many seconds without a request (default: %(default)s)")
args = parser.parse_args()

context = zmq.Context.instance()


def connect():
    """RFC 7: a worker connects one DEALER socket and sends READY; there is no answer to READY."""
    socket = context.socket(zmq.DEALER)
    socket.linger = 1000
    socket.connect(args.endpoint)
    socket.send_multipart(mdp.worker_command(mdp.READY, args.service.encode()))
    return socket


socket = connect()
poller = zmq.Poller()
poller.register(socket, zmq.POLLIN)
served = 0
heard = next_heartbeat = time.monotonic()
last_request = time.monotonic()
while served < args.count:
    if time.monotonic() - last_request > args.timeout:
        raise SystemExit(f"no request for {args.timeout} s")
    if poller.poll(args.heartbeat * 1000):
        frames = socket.recv_multipart()
        heard = time.monotonic()
        if len(frames) < 3 or frames[0] != b"" or frames[1] != mdp.WORKER:
            continue  # not MDP/0.1: dropped
        command = frames[2]
        if command == mdp.REQUEST and len(frames) >= 6 and frames[4] == b"":
            client, body = frames[3], frames[5:]
            socket.send_multipart(mdp.worker_command(mdp.REPLY, client, b"", *body))
            served += 1
            last_request = time.monotonic()
            print("served", len(body), "frames", flush=True)
        elif command == mdp.DISCONNECT:
            heard = 0  # the broker forgot this worker: register again, below
    if time.monotonic() - heard > args.heartbeat * mdp.HEARTBEAT_LIVENESS:
        # RFC 7: a worker that loses its broker closes its socket and opens a new conversation on a new one.
        poller.unregister(socket)
        socket.close(linger=0)
        socket = connect()
        poller.register(socket, zmq.POLLIN)
        heard = time.monotonic()
    if time.monotonic() >= next_heartbeat:
        socket.send_multipart(mdp.worker_command(mdp.HEARTBEAT))
        next_heartbeat = time.monotonic() + args.heartbeat

socket.send_multipart(mdp.worker_command(mdp.DISCONNECT))
socket.close()
context.term()
print("served", served, "requests", flush=True)
