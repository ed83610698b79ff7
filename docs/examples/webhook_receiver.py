"""A minimal receiver of Groundwork's webhooks: checks each delivery's signature, refuses old
ones (replays) and keeps each event once. Uses only Python's standard library.

    WEBHOOK_SECRET=whsec_... python webhook_receiver.py 8080
"""

import hashlib
import hmac
import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

TOLERANCE = 300  # seconds


def verify(secret: str, header: str, body: bytes, now: float | None = None) -> bool:
    """True when ``Groundwork-Signature`` (``t=<unix time>,v1=<hex>``) signs ``body`` with
    ``secret`` and is at most five minutes old."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        sent_at = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs((time.time() if now is None else now) - sent_at) > TOLERANCE:
        return False
    expected = hmac.new(secret.encode(), f"{sent_at}.".encode() + body, hashlib.sha256)
    return hmac.compare_digest(expected.hexdigest(), parts.get("v1", ""))


class Receiver(BaseHTTPRequestHandler):
    seen: set[str] = set()  # a real receiver keeps these in its database

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        secret = os.environ["WEBHOOK_SECRET"]
        if not verify(secret, self.headers.get("Groundwork-Signature", ""), body):
            self.send_response(401)
            self.end_headers()
            return
        event = json.loads(body)
        if event["id"] not in self.seen:  # a retry of an event already handled: skip
            self.seen.add(event["id"])
            print(event["event"], event["object"])
        self.send_response(204)
        self.end_headers()


if __name__ == "__main__":
    HTTPServer(("", int(sys.argv[1])), Receiver).serve_forever()
