"""Runs one of the pyzmq tutorial's programs exactly as written, apart from its endpoints and a timeout.

    python3 run.py SCRIPT [CONNECT_ENDPOINT] [--timeout SECONDS]

The tutorial binds and connects fixed ports (tcp://*:5555, tcp://localhost:5578); tests cannot. Every socket the
script makes is one that binds tcp://127.0.0.1 on a free port instead, printing `listening on <endpoint>` so that its
peer can connect, and connects to CONNECT_ENDPOINT instead of the tutorial's. Its sends and receives give up after
the timeout (zmq.Again), where the tutorial would wait forever, so a missing peer ends the script instead of hanging
it. Nothing else changes: the script's own lines run as the tutorial prints them.
"""
import argparse
import runpy
import sys

import zmq

parser = argparse.ArgumentParser()
parser.add_argument("script")
parser.add_argument("connect", nargs="?", help="the endpoint every connect goes to instead of the tutorial's")
parser.add_argument("--timeout", type=float, default=30, help="seconds a send or receive may wait")
args = parser.parse_args()


class TutorialSocket(zmq.Socket):
    """A socket of the tutorial's program: the endpoints and the timeout of this run."""

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.rcvtimeo = int(args.timeout * 1000)
        self.sndtimeo = int(args.timeout * 1000)
        self.linger = int(args.timeout * 1000)

    def bind(self, addr):
        result = super().bind("tcp://127.0.0.1:*")
        print("listening on", self.last_endpoint.decode(), flush=True)
        return result

    def connect(self, addr):
        if args.connect is None:
            sys.exit(f"{args.script} connects to {addr}: give the endpoint to connect to instead")
        return super().connect(args.connect)


zmq.Context._socket_class = TutorialSocket
sys.argv = [args.script]
runpy.run_path(args.script, run_name="__main__")
