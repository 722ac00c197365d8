"""The tutorial's resultcollector.py: counts the results of samples/Pipeline workers (or worker.py) per worker, then prints them.

A failed item arrives as an error instead of a result (docs/protocol.md, Pipeline): the collector stops with it.

    python3 collector.py tcp://*:5578 [--count 2000] [--serializer msgpack|json]
"""
from collections import Counter

import zmq

from zmqc import FORMATS, bind, check_payload, open_socket, peer_arguments

parser = peer_arguments("results to wait for", 2000)
parser.add_argument("endpoint")
args = parser.parse_args()
_, decode = FORMATS[args.serializer]

socket = open_socket(zmq.PULL, args.timeout)
bind(socket, args.endpoint)
per_worker = Counter(decode(check_payload(socket.recv_multipart()))["workerId"] for _ in range(args.count))
for worker_id, count in sorted(per_worker.items()):
    print(f"worker {worker_id}: {count} results", flush=True)
