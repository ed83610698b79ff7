#!/usr/bin/env python3
"""Container health check: GET /readyz (or the path given) on this container's gunicorn.

    python scripts/healthcheck.py [/readyz] [--port 8000]

Exits 0 when it answers 200, 1 otherwise. Sends the first of ALLOWED_HOSTS as the Host (Django
refuses others) and X-Forwarded-Proto: https (as the proxy would; no redirect to HTTPS).
Standard library only: it runs every few seconds and must not start Django.
"""

from __future__ import annotations

import argparse
import os
import sys
import urllib.error
import urllib.request


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("path", nargs="?", default="/readyz")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    args = parser.parse_args()
    host = os.environ.get("ALLOWED_HOSTS", "localhost").split(",")[0].strip() or "localhost"
    host = "localhost" if host.startswith(".") or host == "*" else host
    request = urllib.request.Request(  # noqa: S310 - a fixed http URL on the loopback address
        f"http://127.0.0.1:{args.port}{args.path}",
        headers={"Host": host, "X-Forwarded-Proto": "https"},
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError) as exc:
        print(f"{args.path}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
