"""What every ZmqContracts Python peer shares: the payload formats and the error reply (docs/protocol.md)."""
import json

import msgpack

FORMATS = {
    # name: (encode a value into one frame, decode one frame into a value)
    "msgpack": (msgpack.packb, msgpack.unpackb),
    "json": (lambda value: json.dumps(value).encode(), json.loads),
    "raw": (lambda value: value if isinstance(value, bytes) else str(value).encode(), bytes.decode),
}

ERROR_MARKER = b"zmqc.error"


def add_format_argument(parser):
    parser.add_argument("--serializer", choices=FORMATS, default="msgpack", help="payload format (default: msgpack)")


def check_reply(frames):
    """Returns the payload frame of a reply, or raises with the server's error."""
    if len(frames) >= 2 and frames[0] == ERROR_MARKER:
        error = json.loads(frames[1])
        raise RuntimeError(f"{error['code']}: {error.get('type', '')} {error['message']}".strip())
    return frames[0]
