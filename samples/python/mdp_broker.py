"""An MDP/0.1 broker (RFC 7) with RFC 8's mmi.service, written with pyzmq: one ROUTER socket for clients and workers.

Requests wait per service, oldest first, for the worker that has waited longest. The broker heartbeats its workers and
drops one that says nothing for HEARTBEAT_LIVENESS intervals, with the request it held (never sent to another worker:
the client decides whether to send it again). It answers a valid command it did not expect with DISCONNECT.

    python3 mdp_broker.py tcp://*:5555 [--heartbeat 2.5] [--seconds 60]
"""
import argparse
import collections
import time

import zmq

import mdp
from zmqc import bind

parser = argparse.ArgumentParser()
parser.add_argument("endpoint")
parser.add_argument("--heartbeat", type=float, default=mdp.HEARTBEAT_INTERVAL, help="seconds between heartbeats (default: %(default)s)")
parser.add_argument("--seconds", type=float, default=60, help="run this long, then exit (default: %(default)s)")
args = parser.parse_args()

socket = zmq.Context.instance().socket(zmq.ROUTER)
socket.linger = 0
bind(socket, args.endpoint)

requests = collections.defaultdict(collections.deque)  # service -> [client, b"", body...] waiting for a worker
waiting = collections.defaultdict(list)  # service -> addresses of idle workers, longest idle first
workers = {}  # address -> {"service", "expiry", "client"}


def expiry():
    return time.monotonic() + args.heartbeat * mdp.HEARTBEAT_LIVENESS


def send_worker(address, command, *frames):
    socket.send_multipart([address, *mdp.worker_command(command, *frames)])


def delete(address, disconnect):
    if disconnect:
        send_worker(address, mdp.DISCONNECT)
    worker = workers.pop(address)
    if address in waiting[worker["service"]]:
        waiting[worker["service"]].remove(address)


def dispatch(service):
    while waiting[service] and requests[service]:
        address = waiting[service].pop(0)
        client, _, *body = requests[service].popleft()
        workers[address]["client"] = client
        send_worker(address, mdp.REQUEST, client, b"", *body)


def from_client(client, service, body):
    if service.startswith(b"mmi."):
        found = any(worker["service"] == body[0] for worker in workers.values())
        answer = (b"200" if found else b"404") if service == b"mmi.service" else b"501"
        socket.send_multipart([client, b"", mdp.CLIENT, service, answer])
        return
    requests[service].append([client, b"", *body])
    dispatch(service)


def from_worker(address, command, frames):
    worker = workers.get(address)
    if worker is not None:
        worker["expiry"] = expiry()
    if command == mdp.READY and len(frames) == 1 and worker is None and not frames[0].startswith(b"mmi."):
        workers[address] = {"service": frames[0], "expiry": expiry(), "client": None}
        waiting[frames[0]].append(address)
        dispatch(frames[0])
    elif command == mdp.REPLY and worker is not None and worker["client"] is not None and len(frames) >= 3 and frames[0] == worker["client"] and frames[1] == b"":
        socket.send_multipart([worker["client"], b"", mdp.CLIENT, worker["service"], *frames[2:]])
        worker["client"] = None
        waiting[worker["service"]].append(address)
        dispatch(worker["service"])
    elif command == mdp.HEARTBEAT and worker is not None:
        pass
    elif command == mdp.DISCONNECT:
        if worker is not None:
            delete(address, disconnect=False)
    elif worker is not None:
        delete(address, disconnect=True)
    else:
        send_worker(address, mdp.DISCONNECT)


end = time.monotonic() + args.seconds
next_heartbeat = time.monotonic() + args.heartbeat
while time.monotonic() < end:
    if socket.poll(args.heartbeat * 1000):
        frames = socket.recv_multipart()
        if len(frames) < 4 or frames[1] != b"":
            continue  # not MDP/0.1: dropped
        sender, header, rest = frames[0], frames[2], frames[3:]
        if header == mdp.CLIENT and len(rest) >= 2:
            from_client(sender, rest[0], rest[1:])
        elif header == mdp.WORKER:
            from_worker(sender, rest[0], rest[1:])
    if time.monotonic() >= next_heartbeat:
        for address, worker in list(workers.items()):
            if time.monotonic() > worker["expiry"]:
                delete(address, disconnect=False)
            else:
                send_worker(address, mdp.HEARTBEAT)
        next_heartbeat = time.monotonic() + args.heartbeat
