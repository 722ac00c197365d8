"""libzmq's own XSUB/XPUB proxy, through pyzmq: publishers connect to the first endpoint, subscribers to the second.

    python3 proxy.py tcp://127.0.0.1 [--seconds 60]      # prints: publishers on tcp://…:port, subscribers on tcp://…:port
"""
import argparse
import time

import zmq
from zmq.devices import ThreadProxy

parser = argparse.ArgumentParser()
parser.add_argument("interface", help="the address to bind two free ports of, such as tcp://127.0.0.1")
parser.add_argument("--seconds", type=float, default=60, help="run this long, then exit (default: %(default)s)")
args = parser.parse_args()

proxy = ThreadProxy(zmq.XSUB, zmq.XPUB)
publishers = proxy.bind_in_to_random_port(args.interface)
subscribers = proxy.bind_out_to_random_port(args.interface)
proxy.start()
print(f"publishers on {args.interface}:{publishers}", flush=True)
print(f"subscribers on {args.interface}:{subscribers}", flush=True)
time.sleep(args.seconds)
