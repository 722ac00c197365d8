"""The tutorial's consumer.py, connecting to both ends: takes items from a producer, sends each on tagged with its id.

Its results are the WorkResult of samples/Pipeline, {"num": n, "workerId": id}, for a collector (or collector.py).

    python3 worker.py tcp://localhost:5577 tcp://localhost:5578 [--id 42] [--count 0] [--serializer msgpack|json]
"""
import random

import zmq

from zmqc import FORMATS, open_socket, peer_arguments

parser = peer_arguments("items to process before exiting, 0 for every item that comes within --timeout seconds of the last", 0)
parser.add_argument("producer")
parser.add_argument("collector")
parser.add_argument("--id", default=str(random.randint(1, 1000)))
args = parser.parse_args()
encode, decode = FORMATS[args.serializer]

items = open_socket(zmq.PULL, args.timeout)
items.connect(args.producer)
results = open_socket(zmq.PUSH, args.timeout)
results.connect(args.collector)
processed = 0
while args.count == 0 or processed < args.count:
    try:
        frames = items.recv_multipart()
    except zmq.Again:
        break  # no item for --timeout seconds: the producer is done
    item = decode(frames[0])  # [payload]: the stage has one operation
    # Frames after the payload go on with the result: in acknowledged mode, the item's id frame (zmqc.id…).
    results.send_multipart([encode({"num": item["num"], "workerId": args.id})] + frames[1:])
    processed += 1
print(f"worker {args.id} processed {processed} items", flush=True)
zmq.Context.instance().destroy()
