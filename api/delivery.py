"""Handing one webhook body to a receiver so that a killed worker never delivers it twice.

The request goes out whole except the last byte of its body; the caller then commits
"sent" and only after that the last byte is written and the answer read (as the email
sender holds back the final "." of DATA). A worker killed before the commit leaves the
receiver with a short body, which an HTTP server discards (and whose signature would not
match), and the row still pending; killed after it, the receiver gets the byte a few
microseconds later or the row is already right.
"""

import hashlib
import hmac
import http.client
import time
from urllib.parse import urlsplit

TIMEOUT_SECONDS = 10

SIGNATURE_HEADER = "X-Langson-Signature"
TIMESTAMP_HEADER = "X-Langson-Timestamp"
EVENT_HEADER = "X-Langson-Event"
DELIVERY_HEADER = "X-Langson-Delivery"


def signature(*, secret: str, timestamp: int, body: bytes) -> str:
    """HMAC-SHA256 of "<timestamp>.<body>" with the subscription's secret, as "sha256=<hex>".

    The timestamp is inside the signed text, so a receiver that refuses old timestamps
    (five minutes in docs/api.md) cannot be fooled by a replayed body with a new header.
    """
    mac = hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


class ReceiverRefused(Exception):
    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


class PendingPost:
    """A request sent but for its last byte; `finish()` sends it and reads the answer."""

    def __init__(self, connection: http.client.HTTPConnection, last: bytes):
        self.connection, self.last = connection, last

    def finish(self) -> int:
        try:
            self.connection.send(self.last)
            response = self.connection.getresponse()
            response.read(65536)
            if not 200 <= response.status < 300:
                raise ReceiverRefused(f"HTTP {response.status} {response.reason}", response.status)
            return response.status
        finally:
            self.connection.close()

    def abort(self) -> None:
        self.connection.close()


def begin(*, url: str, body: bytes, secret: str, event: str, delivery_id: int, now: float | None = None) -> PendingPost:
    """POST `body` to `url` signed with `secret`, all but its last byte; raise when that fails."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ReceiverRefused(f"địa chỉ không hợp lệ: {url}")
    timestamp = int(now if now is not None else time.time())
    connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = connection_class(parts.hostname, parts.port, timeout=TIMEOUT_SECONDS)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.putrequest("POST", path)
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "Content-Length": str(len(body)),
            "User-Agent": "langson-portal-webhook/1",
            EVENT_HEADER: event,
            DELIVERY_HEADER: str(delivery_id),
            TIMESTAMP_HEADER: str(timestamp),
            SIGNATURE_HEADER: signature(secret=secret, timestamp=timestamp, body=body),
        }
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.endheaders()
        connection.send(body[:-1])
    except BaseException:
        connection.close()
        raise
    return PendingPost(connection, body[-1:])
