"""Push answers typed on a kiosk (or from paper forms) to Groundwork, safely retried.

    GROUNDWORK_TOKEN=gw_... python kiosk.py https://your.site alder 2027 answers.json

answers.json is a list of forms: {"id": "form-1", "participant": "kiosk-7", "language": "es",
"answers": [{"question": "problems", "text": "..."}]}. Each form is sent with its own
Idempotency-Key (the form's id), so a form whose answer was lost on the way (a dropped
connection, a timeout, a server restart) is sent again and stored once. Uses only Python's
standard library.
"""

import json
import os
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

RETRIES = 6


def push_form(
    base: str,
    token: str,
    community: str,
    process: str,
    form: dict[str, Any],
    *,
    open_url: Callable[..., Any] = urllib.request.urlopen,
    sleep: Callable[[float], None] = time.sleep,
) -> dict[str, Any]:
    """Send one form until it is stored (201) or refused (4xx other than 429)."""
    if not base.startswith(("https://", "http://")):
        raise ValueError("the site's address starts with https://")
    url = f"{base.rstrip('/')}/api/communities/{community}/processes/{process}/contributions"
    body = json.dumps({k: v for k, v in form.items() if k != "id"}).encode()
    delay = 1.0
    for attempt in range(RETRIES):
        request = urllib.request.Request(  # noqa: S310 (http(s) only, checked above)
            url,
            data=body,
            method="POST",
            headers={
                "Authorization": f"Bearer {token}",
                "Idempotency-Key": str(form["id"]),
                "Content-Type": "application/json",
            },
        )
        try:
            with open_url(request, timeout=30) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as error:
            if error.code == 429:
                delay = float(error.headers.get("Retry-After", delay))
            elif error.code == 409:
                pass  # the first copy is still being stored: ask again shortly
            elif error.code < 500:
                raise  # refused: fix the form, retrying will not help
        except (urllib.error.URLError, TimeoutError, ConnectionError):
            pass  # the answer may or may not have arrived: the same key makes it safe
        if attempt < RETRIES - 1:
            sleep(delay)
            delay = min(delay * 2, 60)
    raise RuntimeError(f"form {form['id']} could not be sent after {RETRIES} tries")


def main() -> None:
    base, community, process, path = sys.argv[1:5]
    token = os.environ["GROUNDWORK_TOKEN"]
    with open(path, encoding="utf-8") as handle:
        forms = json.load(handle)
    for form in forms:
        stored = push_form(base, token, community, process, form)
        print(form["id"], len(stored["contributions"]), "answers stored")


if __name__ == "__main__":
    main()
