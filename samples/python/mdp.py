"""The Majordomo Protocol, MDP/0.1, as ZeroMQ RFC 7 writes it (https://rfc.zeromq.org/spec/7/), and RFC 8's mmi.service.

Every MDP message starts with an empty frame and a six-byte header: b"MDPC01" between clients and the broker, b"MDPW01"
between workers and the broker, then (for workers) a one-byte command. The broker's ROUTER socket adds the peer's
address in front of what it receives and takes it off what it sends.

    client  -> broker   [] MDPC01 service body...
    broker  -> client   [] MDPC01 service body...
    worker  -> broker   [] MDPW01 0x01 service                  READY
    broker  -> worker   [] MDPW01 0x02 client-address [] body... REQUEST
    worker  -> broker   [] MDPW01 0x03 client-address [] body... REPLY
    either  -> other    [] MDPW01 0x04                          HEARTBEAT
    either  -> other    [] MDPW01 0x05                          DISCONNECT
"""
CLIENT = b"MDPC01"
WORKER = b"MDPW01"

READY = b"\x01"
REQUEST = b"\x02"
REPLY = b"\x03"
HEARTBEAT = b"\x04"
DISCONNECT = b"\x05"

# Both sides must agree on these (RFC 7, "Known Weaknesses"); ZmqBroker and ZmqServerOptions default to the same.
HEARTBEAT_INTERVAL = 2.5
HEARTBEAT_LIVENESS = 3


def worker_command(command, *frames):
    """A worker command as the worker sends it (a DEALER socket: the empty frame 0 is written explicitly)."""
    return [b"", WORKER, command, *frames]
