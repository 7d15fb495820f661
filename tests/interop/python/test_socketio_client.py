#!/usr/bin/env python3
"""Second-client interop test: Debian's python-socketio (5.7) against a Socket.IO 4.8 server.

The server under test is named by the SIO_SERVER environment variable: the
path of an executable (QtSocketIo's sio-test-server) or of a `.mjs` file run
with node (the npm socket.io reference server). Both follow the contract in
tests/interop/socketio/README.md. Every test starts its own server with
`--port 0`, reads `LISTENING <port>` from its stdout, and stops it afterwards.

Without SIO_SERVER, or with one that does not start, every test fails (it
never skips). Run:

    SIO_SERVER=<path> python3 test_socketio_client.py -v
    SIO_SERVER=<path> python3 -m unittest -v test_socketio_client

Needs Debian's python3-socketio, python3-websocket (WebSocket transport) and
python3-requests (polling transport), so run it with Debian's /usr/bin/python3.

Client facts that shape these tests (python-socketio 5.7.2 / python-engineio 4.3.4):
- each received Engine.IO message is dispatched in a thread of its own, so
  events are waited for per name (a queue per namespace and event), never by
  arrival order;
- `Client.disconnect()` queues the DISCONNECT packets, then at once marks the
  Engine.IO connection as closing (its write loop stops sending) and closes
  the WebSocket: the DISCONNECT packets are usually never written, over either
  transport, and any server then reports `transport close` (seen against the
  npm reference in 11 of 12 tries). The clean-disconnect test therefore lets
  the send queue drain before the Engine.IO close (see `_clean_disconnect`).
"""

import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import time
import unittest

try:
    import socketio
    import socketio.exceptions
    # python-engineio only logs a missing transport package and then fails to
    # connect without saying why: require both up front.
    import requests  # noqa: F401  polling transport (python3-requests)
    import websocket  # noqa: F401  WebSocket transport (python3-websocket)
    IMPORT_ERROR = None
except ImportError as exc:  # reported as a failure by every test
    socketio = None
    IMPORT_ERROR = exc

HOST = "127.0.0.1"
STARTUP_TIMEOUT = 20.0   # server start until LISTENING
EVENT_TIMEOUT = 5.0      # one expected event, ack or stdout line
CONNECT_TIMEOUT = 5.0    # namespace CONNECT answers (Client.connect wait_timeout)
QUIET_PERIOD = 0.5       # how long "nothing arrives" is watched for
STOP_TIMEOUT = 5.0       # SIGTERM until SIGKILL

# Every byte value, so that no encoding step (base64 over polling, binary
# WebSocket frames) can silently alter one.
ALL_BYTES = bytes(range(256))


def strict_equal(a, b):
    """Equality that also requires the same JSON type at every level
    (1 is not 1.0 nor True; bytes are not str)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(strict_equal(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(strict_equal(x, y) for x, y in zip(a, b))
    return a == b


class ServerProcess:
    """One server under test, started with `--port 0`, stdout lines collected."""

    def __init__(self, extra_args=()):
        spec = os.environ.get("SIO_SERVER", "")
        if not spec:
            raise AssertionError(
                "SIO_SERVER is not set: it must name the server under test (an "
                "executable, or a .mjs file run with node)")
        if spec.endswith(".mjs"):
            node = shutil.which("node")
            if node is None:
                raise AssertionError(f"SIO_SERVER={spec} needs node, which is not in PATH")
            if not os.path.isfile(spec):
                raise AssertionError(f"SIO_SERVER={spec}: no such file")
            command = [node, spec]
        else:
            if not (os.path.isfile(spec) and os.access(spec, os.X_OK)):
                raise AssertionError(f"SIO_SERVER={spec}: not an executable file")
            command = [spec]
        command += ["--port", "0", *extra_args]

        self.command = command
        self.lines = []        # stdout lines, in order
        self.errors = []       # stderr lines
        self.cond = threading.Condition()
        try:
            self.proc = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, text=True, encoding="utf-8",
                errors="replace", bufsize=1)
        except OSError as exc:
            raise AssertionError(f"cannot start {command}: {exc}") from None
        self._readers = [
            threading.Thread(target=self._read, args=(self.proc.stdout, self.lines), daemon=True),
            threading.Thread(target=self._read, args=(self.proc.stderr, self.errors), daemon=True),
        ]
        for reader in self._readers:
            reader.start()

        try:
            line = self.wait_line(r"LISTENING (\d+)", STARTUP_TIMEOUT, what="LISTENING")
        except AssertionError:
            self.stop()
            raise
        self.port = int(re.fullmatch(r"LISTENING (\d+)", line).group(1))
        if not 0 < self.port < 65536:
            self.stop()
            raise AssertionError(f"bad LISTENING line: {line!r}")
        self.url = f"http://{HOST}:{self.port}"

    def _read(self, stream, sink):
        for raw in stream:
            with self.cond:
                sink.append(raw.rstrip("\r\n"))
                self.cond.notify_all()
        with self.cond:
            self.cond.notify_all()

    def _describe(self):
        with self.cond:
            out = "\n  ".join(self.lines[-40:]) or "(none)"
            err = "\n  ".join(self.errors[-20:]) or "(none)"
        return (f"server {self.command} (exit code {self.proc.poll()})\n"
                f" stdout:\n  {out}\n stderr:\n  {err}")

    def wait_line(self, pattern, timeout=EVENT_TIMEOUT, what=None):
        """Waits (bounded) for a whole stdout line matching `pattern`; returns it."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for line in self.lines:
                    if regex.fullmatch(line):
                        return line
                remaining = deadline - time.monotonic()
                if remaining <= 0 or (self.proc.poll() is not None
                                      and not any(r.is_alive() for r in self._readers)):
                    break
                self.cond.wait(min(remaining, 0.1))
        why = "the server exited" if self.proc.poll() is not None else f"not within {timeout} s"
        raise AssertionError(
            f"no stdout line matching {what or pattern!r}: {why}\n{self._describe()}")

    def matching(self, pattern):
        regex = re.compile(pattern)
        with self.cond:
            return [line for line in self.lines if regex.fullmatch(line)]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(STOP_TIMEOUT)
        for reader in self._readers:
            reader.join(STOP_TIMEOUT)
        for stream in (self.proc.stdout, self.proc.stderr):
            try:
                stream.close()
            except OSError:
                pass
        return self.proc.returncode


class Recorder:
    """Collects the events a client receives: one queue per (namespace, event)."""

    def __init__(self):
        self._queues = {}
        self._lock = threading.Lock()

    def _queue(self, namespace, event):
        with self._lock:
            return self._queues.setdefault((namespace, event), queue.Queue())

    def handler(self, namespace, event, result=None):
        """A handler recording its arguments; `result(*args)`, if given, is its
        return value (the client's ack answer)."""
        q = self._queue(namespace, event)

        def on_event(*args):
            q.put(args)
            return result(*args) if result is not None else None
        return on_event

    def wait(self, event, namespace="/", timeout=EVENT_TIMEOUT):
        try:
            return self._queue(namespace, event).get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(
                f"no {event!r} event on {namespace} within {timeout} s") from None

    def none(self, event, namespace="/", period=QUIET_PERIOD):
        """Asserts that `event` does not arrive within `period` seconds."""
        try:
            args = self._queue(namespace, event).get(timeout=period)
        except queue.Empty:
            return
        raise AssertionError(f"unexpected {event!r} event on {namespace}: {args!r}")


class SocketIoClientTest(unittest.TestCase):
    server_args = ()

    def setUp(self):
        if IMPORT_ERROR is not None:
            self.fail(f"the client is not importable by {sys.executable}: {IMPORT_ERROR} "
                      "(Debian's python3-socketio, python3-websocket and python3-requests, "
                      "run with /usr/bin/python3)")
        self._clients = []
        self.server = ServerProcess(self.server_args)
        # Cleanups run last-in first-out: clients (added later) disconnect
        # before the server stops.
        self.addCleanup(self._stop_server)

    def _stop_server(self):
        self.server.stop()
        # With the server gone every client thread ends; bound the wait anyway.
        for sio in self._clients:
            for task in (getattr(sio.eio, "read_loop_task", None),
                         getattr(sio.eio, "write_loop_task", None)):
                if task is not None:
                    task.join(STOP_TIMEOUT)
            # python-engineio never closes its requests session nor, after a
            # failed upgrade or a server close, always its WebSocket.
            if getattr(sio.eio, "http", None) is not None:
                sio.eio.http.close()
            ws = getattr(sio.eio, "ws", None)
            if ws is not None:
                try:
                    ws.close(timeout=0)
                except Exception:
                    pass

    # -- clients -----------------------------------------------------------

    def make_client(self, namespaces=("/",), events=("echo", "binary-echo"), handlers=None):
        """A client recording `welcome`, `connect_error`, `disconnect` and
        `events` on each namespace; `handlers` maps (namespace, event) to an
        answer function for events the server acknowledges."""
        sio = socketio.Client(reconnection=False, request_timeout=EVENT_TIMEOUT)
        rec = Recorder()
        for nsp in namespaces:
            for event in ("welcome", "connect_error", "disconnect", *events):
                sio.on(event, rec.handler(nsp, event), namespace=nsp)
        for (nsp, event), answer in (handlers or {}).items():
            sio.on(event, rec.handler(nsp, event, answer), namespace=nsp)
        self._clients.append(sio)
        self.addCleanup(self._disconnect, sio)
        return sio, rec

    @staticmethod
    def _disconnect(sio):
        if sio.eio.state == "connected":
            sio.disconnect()

    def connect(self, sio, namespaces=("/",), transports=("websocket",), auth=None):
        sio.connect(self.server.url, namespaces=list(namespaces),
                    transports=list(transports) if transports else None,
                    auth=auth, wait_timeout=CONNECT_TIMEOUT)

    def connected_client(self, namespaces=("/",), transports=("websocket",), auth=None, **kw):
        """Connects a client and checks the `welcome` of every namespace;
        returns (client, recorder, {namespace: welcome})."""
        sio, rec = self.make_client(namespaces, **kw)
        self.connect(sio, namespaces, transports, auth)
        welcomes = {}
        for nsp in namespaces:
            welcomes[nsp] = self.check_welcome(sio, rec, nsp, auth)
        return sio, rec, welcomes

    def check_welcome(self, sio, rec, nsp, auth=None):
        (welcome,) = rec.wait("welcome", nsp)
        sid = sio.get_sid(nsp)
        self.assertIsInstance(sid, str)
        self.assertEqual(welcome["id"], sid)
        self.assertEqual(welcome["nsp"], nsp)
        self.assertIs(welcome["recovered"], False)
        self.assertEqual(welcome["auth"], auth or {})
        self.server.wait_line(rf"CONNECT {re.escape(nsp)} {re.escape(sid)}")
        return welcome

    def assertStrictEqual(self, actual, expected):
        if not strict_equal(actual, expected):
            self.fail(f"not equal (types included):\n  actual:   {actual!r}\n  expected: {expected!r}")

    def _clean_disconnect(self, sio):
        """`Client.disconnect()` that lets its DISCONNECT packets reach the
        server: python-engineio closes the WebSocket right after they are
        queued (see the module docstring), so the Engine.IO close waits
        (bounded) until the write loop has sent every queued packet."""
        eio = sio.eio
        original_disconnect = eio.disconnect

        def disconnect_after_flush(*args, **kwargs):
            deadline = time.monotonic() + EVENT_TIMEOUT
            while eio.queue.unfinished_tasks and time.monotonic() < deadline:
                time.sleep(0.01)
            return original_disconnect(*args, **kwargs)
        eio.disconnect = disconnect_after_flush
        sio.disconnect()

    # -- connection --------------------------------------------------------

    def test_connect_websocket(self):
        sio, rec, welcomes = self.connected_client(transports=["websocket"])
        self.assertEqual(sio.transport(), "websocket")
        self.assertEqual(welcomes["/"]["data"], {})
        self.assertNotEqual(sio.get_sid("/"), sio.eio.sid)
        self.server.wait_line(rf"ENGINE_CONNECTION {re.escape(sio.eio.sid)} websocket")

    def test_connect_polling(self):
        sio, rec, welcomes = self.connected_client(transports=["polling"])
        self.assertEqual(sio.transport(), "polling")
        self.assertEqual(welcomes["/"]["data"], {})
        self.assertNotEqual(sio.get_sid("/"), sio.eio.sid)
        self.server.wait_line(rf"ENGINE_CONNECTION {re.escape(sio.eio.sid)} polling")
        # Several heartbeats (pingInterval 300 ms by default) over polling,
        # then both directions still work and nothing was disconnected.
        time.sleep(1.2)
        sio.emit("echo", "still here")
        self.assertEqual(rec.wait("echo"), ("still here",))
        self.assertEqual(self.server.matching(r"(DISCONNECT|ENGINE_CLOSE) .*"), [])

    def test_connect_polling_then_upgrade(self):
        sio, rec, welcomes = self.connected_client(transports=None)
        self.server.wait_line(rf"ENGINE_CONNECTION {re.escape(sio.eio.sid)} polling")
        self.assertEqual(sio.transport(), "websocket")
        sio.emit("echo", "upgraded")
        self.assertEqual(rec.wait("echo"), ("upgraded",))

    # -- messaging ---------------------------------------------------------

    def test_echo_text_numbers_nested(self):
        args = (
            "plain", "", "h\u00e9llo \u2603 \U0001d11e \"quoted\" \\ /\n\t",
            0, -1, 42, 2 ** 53 - 1, -(2 ** 53 - 1), 3.5, -0.25, 1e-7,
            True, False, None,
            [], {}, [1, [2, [3, [4]]]],
            {"a": {"b": [1, {"c": "d", "e": None}], "f": True}, "g": [{"h": 1.5}]},
        )
        for transport in ("websocket", "polling"):
            with self.subTest(transport=transport):
                sio, rec, _ = self.connected_client(transports=[transport])
                sio.emit("echo", args)
                self.assertStrictEqual(rec.wait("echo"), args)
                sio.emit("echo", "single")
                self.assertStrictEqual(rec.wait("echo"), ("single",))
                sio.emit("echo")
                self.assertStrictEqual(rec.wait("echo"), ())

    def test_ack_round_trip(self):
        for transport in ("websocket", "polling"):
            with self.subTest(transport=transport):
                sio, rec, _ = self.connected_client(transports=[transport])
                multi = ("a", 1, 2.5, None, {"x": [1, 2, {"y": "z"}]})
                self.assertStrictEqual(sio.call("ack", multi, timeout=EVENT_TIMEOUT), multi)
                self.assertStrictEqual(sio.call("ack", "solo", timeout=EVENT_TIMEOUT), "solo")
                self.assertIsNone(sio.call("ack", timeout=EVENT_TIMEOUT))
                # Several acks outstanding at once, each answered to its own id.
                answers, done = {}, threading.Event()

                def answered(i):
                    def callback(*a):
                        answers[i] = a
                        if len(answers) == 5:
                            done.set()
                    return callback
                for i in range(5):
                    sio.emit("ack", (i, f"n{i}"), callback=answered(i))
                self.assertTrue(done.wait(EVENT_TIMEOUT), f"acks received: {answers}")
                self.assertEqual(answers, {i: (i, f"n{i}") for i in range(5)})

    def test_binary_both_ways(self):
        args = (
            b"\x00\x01\x02\xff",
            {"nested": [b"abc", {"deep": ALL_BYTES, "text": "t"}, 7], "n": None},
            [b"x" * 3000, "mixed", [b"\xfe"]],
            "plain text",
        )
        for transport in ("websocket", "polling"):
            with self.subTest(transport=transport):
                sio, rec, _ = self.connected_client(transports=[transport])
                sio.emit("binary-echo", args)
                self.assertStrictEqual(rec.wait("binary-echo"), args)
                # The same bytes in an acknowledgement both ways (BINARY_EVENT
                # with an ack id, answered by a BINARY_ACK).
                self.assertStrictEqual(sio.call("ack", args, timeout=EVENT_TIMEOUT), args)
                # Only bytes, as a single argument.
                sio.emit("binary-echo", ALL_BYTES)
                self.assertStrictEqual(rec.wait("binary-echo"), (ALL_BYTES,))

    # -- namespaces --------------------------------------------------------

    def test_namespace_custom(self):
        sio, rec, welcomes = self.connected_client(namespaces=["/custom"])
        sio.emit("echo", ("in custom", 1), namespace="/custom")
        self.assertEqual(rec.wait("echo", "/custom"), ("in custom", 1))
        self.assertEqual(sio.call("ack", "c", namespace="/custom", timeout=EVENT_TIMEOUT), "c")

    def test_namespaces_multiplexed(self):
        sio, rec, welcomes = self.connected_client(namespaces=["/", "/custom"])
        self.assertNotEqual(welcomes["/"]["id"], welcomes["/custom"]["id"])
        sio.emit("echo", "main", namespace="/")
        sio.emit("echo", "custom", namespace="/custom")
        self.assertEqual(rec.wait("echo", "/"), ("main",))
        self.assertEqual(rec.wait("echo", "/custom"), ("custom",))
        rec.none("echo", "/")
        rec.none("echo", "/custom")
        # One Engine.IO connection under both namespaces.
        self.assertEqual(len(self.server.matching(r"ENGINE_CONNECTION .*")), 1)

    def test_namespace_auth_accepted(self):
        for transport in ("websocket", "polling"):
            with self.subTest(transport=transport):
                sio, rec, welcomes = self.connected_client(
                    namespaces=["/auth"], transports=[transport], auth={"token": "secret"})
                self.assertEqual(welcomes["/auth"]["auth"], {"token": "secret"})
                self.assertEqual(sio.call("ack", "in", namespace="/auth", timeout=EVENT_TIMEOUT), "in")

    def test_namespace_auth_refused(self):
        for auth in (None, {"token": "wrong"}):
            with self.subTest(auth=auth):
                sio, rec = self.make_client(namespaces=["/auth"])
                with self.assertRaises(socketio.exceptions.ConnectionError):
                    self.connect(sio, ["/auth"], auth=auth)
                (error,) = rec.wait("connect_error", "/auth")
                self.assertEqual(error, {"message": "unauthorized", "data": {"code": 401}})
                self.assertNotIn("/auth", sio.namespaces)
                rec.none("welcome", "/auth", period=0.1)
        self.assertEqual(self.server.matching(r"CONNECT /auth .*"), [])

    def test_invalid_namespace_refused(self):
        sio, rec = self.make_client(namespaces=["/nope"])
        with self.assertRaises(socketio.exceptions.ConnectionError):
            self.connect(sio, ["/nope"])
        (error,) = rec.wait("connect_error", "/nope")
        self.assertEqual(error, {"message": "Invalid namespace"})

    def test_dynamic_namespace(self):
        sio, rec, welcomes = self.connected_client(namespaces=["/dyn-5"])
        self.assertEqual(welcomes["/dyn-5"]["data"], {"viaParent": True})
        self.server.wait_line(r"NEW_NAMESPACE /dyn-5")
        sio.emit("echo", ("dyn", 5), namespace="/dyn-5")
        self.assertEqual(rec.wait("echo", "/dyn-5"), ("dyn", 5))

    # -- rooms -------------------------------------------------------------

    def test_rooms(self):
        # One client on each transport.
        a, rec_a, _ = self.connected_client(transports=["websocket"], events=("hello",))
        b, rec_b, _ = self.connected_client(transports=["polling"], events=("hello",))
        sid_a = a.get_sid("/")
        self.assertEqual(a.call("join", "r", timeout=EVENT_TIMEOUT), [sid_a, "r"])
        self.assertEqual(a.call("rooms", timeout=EVENT_TIMEOUT), [sid_a, "r"])
        self.assertEqual(b.call("rooms", timeout=EVENT_TIMEOUT), [b.get_sid("/")])
        b.emit("nsp-to", ("r", "hello", 1))
        self.assertStrictEqual(rec_a.wait("hello"), (1,))
        rec_b.none("hello")
        rec_a.none("hello", period=0.1)  # exactly once

    # -- server -> client acknowledgements ---------------------------------

    def test_server_ack(self):
        answer = {"value": ("answer", 43)}
        sio, rec, _ = self.connected_client(
            handlers={("/", "question"): lambda *a: answer["value"]})
        self.assertStrictEqual(sio.call("server-ack", 2000, timeout=EVENT_TIMEOUT),
                               (None, ["answer", 43]))
        self.assertStrictEqual(rec.wait("question"), (42,))
        # A single value, then bytes inside a structure (a BINARY_ACK from the
        # client, relayed back in a BINARY_ACK from the server).
        answer["value"] = "one"
        self.assertStrictEqual(sio.call("server-ack", 2000, timeout=EVENT_TIMEOUT), (None, ["one"]))
        self.assertStrictEqual(rec.wait("question"), (42,))
        answer["value"] = {"bin": [b"\x00\xff", ALL_BYTES]}
        self.assertStrictEqual(sio.call("server-ack", 2000, timeout=EVENT_TIMEOUT),
                               (None, [{"bin": [b"\x00\xff", ALL_BYTES]}]))
        self.assertStrictEqual(rec.wait("question"), (42,))

    # -- disconnection -----------------------------------------------------

    def test_clean_disconnect(self):
        for transport in ("websocket", "polling"):
            with self.subTest(transport=transport):
                sio, rec, _ = self.connected_client(namespaces=["/", "/custom"], transports=[transport])
                sids = {nsp: sio.get_sid(nsp) for nsp in ("/", "/custom")}
                self._clean_disconnect(sio)
                for nsp, sid in sids.items():
                    self.server.wait_line(
                        rf"DISCONNECT {re.escape(nsp)} {re.escape(sid)} client namespace disconnect")
                self.assertEqual(
                    self.server.matching(rf"DISCONNECT \S+ ({'|'.join(map(re.escape, sids.values()))}) .*"),
                    [f"DISCONNECT {nsp} {sid} client namespace disconnect" for nsp, sid in sids.items()])

    def test_server_disconnect(self):
        sio, rec, _ = self.connected_client()
        sid = sio.get_sid("/")
        sio.emit("disconnect-me", False)
        self.assertEqual(rec.wait("disconnect"), ())
        self.server.wait_line(rf"DISCONNECT / {re.escape(sid)} server namespace disconnect")


if __name__ == "__main__":
    # unittest.main exits with status 1 when any test fails or errors.
    unittest.main(verbosity=2)
