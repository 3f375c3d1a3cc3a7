"""The receivers bench/load.py delivers to: a mail server and a webhook endpoint, each a process.

Usage: python bench/receivers.py smtp|webhook --port N --cert C --key K --log FILE

Each runs in a process of its own, so the bench can SIGKILL it mid-delivery and start it again
on the same port, as a mail server that crashes would. ``smtp`` is aiosmtpd refusing mail before
STARTTLS (as tipsapp's mail needs); ``webhook`` is an HTTPS server answering 204.

Every arrival is one JSON line in ``--log``, written (and flushed) before the answer goes
back: ``{"id", "dropped", "at", ...}``. ``id`` is the delivery id (``X-Tipsapp-Delivery``);
``dropped`` is true when that id had arrived before (also before a restart: the log is read at
start), which is what a receiver that de-duplicates would do with it; ``at`` is the arrival's
wall-clock time (epoch seconds). A crash between the write and the answer is the one way the
same id arrives twice: the sender saw no answer and sends it again.
"""

from __future__ import annotations

import argparse
import json
import signal
import ssl
import threading
import time
from email import message_from_bytes
from email.policy import default
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"


class ArrivalLog:
    """The JSON-lines log, and the ids seen so far (read back from it after a restart)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.seen: set[str] = set()
        if path.exists():
            for line in path.read_text(errors="replace").splitlines():
                try:
                    self.seen.add(str(json.loads(line)["id"]))
                except (ValueError, KeyError):
                    continue  # a line cut short by a kill
        self.lock = threading.Lock()
        self.file = path.open("a", encoding="utf-8")

    def record(self, delivery_id: str, **fields: Any) -> None:
        with self.lock:
            dropped = delivery_id in self.seen
            self.seen.add(delivery_id)
            entry = {"id": delivery_id, "dropped": dropped, "at": time.time(), **fields}
            self.file.write(json.dumps(entry, ensure_ascii=False) + "\n")
            self.file.flush()  # in the kernel before the answer: a SIGKILL keeps it


def serve_smtp(port: int, context: ssl.SSLContext, log: ArrivalLog) -> None:
    from aiosmtpd.controller import Controller

    class Handler:
        async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:  # noqa: N802
            message = message_from_bytes(envelope.content, policy=default)
            log.record(
                str(message["X-Tipsapp-Delivery"]),
                message_id=str(message["Message-ID"]),
                to=str(message["To"]),
                subject=str(message["Subject"]),
            )
            return "250 Message accepted"

    controller = Controller(
        Handler(), hostname=HOST, port=port, tls_context=context, require_starttls=True
    )
    controller.start()
    wait_for_signal()
    controller.stop()


def serve_webhook(port: int, context: ssl.SSLContext, log: ArrivalLog) -> None:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            log.record(
                str(self.headers.get("X-Tipsapp-Delivery")),
                event=self.headers.get("X-Tipsapp-Event"),
                timestamp=self.headers.get("X-Tipsapp-Timestamp"),
                signature=self.headers.get("X-Tipsapp-Signature"),
                body=body.decode("utf-8", "replace"),
            )
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *_args: Any) -> None:
            return None

    server = ThreadingHTTPServer((HOST, port), Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    wait_for_signal()
    server.shutdown()


def wait_for_signal() -> None:
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_args: stop.set())
    signal.signal(signal.SIGINT, lambda *_args: stop.set())
    while not stop.wait(0.5):
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=("smtp", "webhook"))
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--log", required=True)
    args = parser.parse_args()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)
    log = ArrivalLog(Path(args.log))
    (serve_smtp if args.kind == "smtp" else serve_webhook)(args.port, context, log)


if __name__ == "__main__":
    main()
