"""What every ZmqContracts Python peer shares: the payload formats, the error frames and the command line (docs/protocol.md)."""
import argparse
import json

import msgpack
import zmq


def _keys(rename, value):
    return {rename(key): item for key, item in value.items()} if isinstance(value, dict) else value


def _csharp_names(value):
    """MessagePack keys an object by its C# property names ({"Num": 1}); the peers write camelCase, as JSON does."""
    return _keys(lambda key: key[:1].upper() + key[1:], value)


def _camel_case(value):
    return _keys(lambda key: key[:1].lower() + key[1:], value)


FORMATS = {
    # name: (encode a value into one frame, decode one frame into a value). Objects are dicts with camelCase keys
    # in every format, so that a script reads the same {"num": 1} whichever format the C# peer uses.
    "msgpack": (lambda value: msgpack.packb(_csharp_names(value)), lambda frame: _camel_case(msgpack.unpackb(frame))),
    "json": (lambda value: json.dumps(value).encode(), json.loads),
    "raw": (lambda value: value if isinstance(value, bytes) else str(value).encode(), bytes.decode),
}

# The formats that carry objects: raw carries bytes and strings only, and topic messages and work items are records.
OBJECT_FORMATS = ("msgpack", "json")

ERROR_MARKER = b"zmqc.error"


def send(socket, value, serializer):
    """Sends one payload frame: through pyzmq's own send_json for JSON, as a pyzmq program writes it."""
    if serializer == "json":
        socket.send_json(value)
    else:
        socket.send(FORMATS[serializer][0](value))


def add_format_argument(parser, formats=tuple(FORMATS)):
    parser.add_argument("--serializer", choices=formats, default="msgpack", help="payload format (default: %(default)s)")


def peer_arguments(count_help, count_default):
    """The command line of a publish/subscribe or pipeline peer; add its endpoints, then parse."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=count_default, help=f"{count_help} (default: %(default)s)")
    parser.add_argument("--timeout", type=float, default=60, help="give up when a peer keeps it waiting this many seconds (default: %(default)s)")
    add_format_argument(parser, OBJECT_FORMATS)
    return parser


def open_socket(kind, timeout):
    """A socket whose receives and sends give up after `timeout` seconds; Context.destroy() lets it deliver what it queued for as long."""
    socket = zmq.Context.instance().socket(kind)
    socket.rcvtimeo = socket.sndtimeo = socket.linger = int(timeout * 1000)
    return socket


def bind(socket, endpoint):
    """Binds and tells on standard output where, port included: "listening on tcp://127.0.0.1:40123"."""
    socket.bind(endpoint)
    print("listening on", socket.getsockopt_string(zmq.LAST_ENDPOINT), flush=True)


def check_payload(frames):
    """Returns the payload frame of a reply or a pipeline result, or raises with the error the server or worker sent instead."""
    if len(frames) >= 2 and frames[0] == ERROR_MARKER:
        error = json.loads(frames[1])
        raise RuntimeError(f"{error['code']}: {error.get('type', '')} {error['message']}".strip())
    return frames[0]
