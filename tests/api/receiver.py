"""A local webhook receiver: a real http.server in a thread that checks each signature as a
subscriber would, and can be told to fail a delivery's first attempts."""

import hashlib
import hmac
import http.server
import json
import threading
import time


class Receiver:
    def __init__(self, secrets: dict[str, str], *, delay: float = 0.0):
        self.secrets = secrets  # path → secret of the subscription posting there
        self.delay = delay
        self.fail_first: dict[int, int] = {}  # delivery id → how many attempts to answer 500
        self.lock = threading.Lock()
        self.attempts: list[tuple[str, int, int]] = []  # (path, delivery id, status answered)
        self.accepted: list[dict] = []  # {"path", "delivery", "event", "body"}
        self.bad: list[str] = []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers["Content-Length"])
                body = self.rfile.read(length)
                if len(body) < length:  # the sender died mid-body: an HTTP server drops it
                    return
                status = receiver.handle(self.path, dict(self.headers), body)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def handle(self, path: str, headers: dict, body: bytes) -> int:
        time.sleep(self.delay)
        secret = self.secrets.get(path)
        stamp = int(headers.get("X-Langson-Timestamp", "0"))
        expected = "sha256=" + hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
        delivery = int(headers.get("X-Langson-Delivery", "0"))
        with self.lock:
            if secret is None or not hmac.compare_digest(expected, headers.get("X-Langson-Signature", "")):
                self.bad.append(f"{path} {delivery}: bad signature")
                self.attempts.append((path, delivery, 401))
                return 401
            if abs(time.time() - stamp) > 300:  # replay guard
                self.bad.append(f"{path} {delivery}: stale timestamp")
                return 401
            if self.fail_first.get(delivery, 0) > 0:
                self.fail_first[delivery] -= 1
                self.attempts.append((path, delivery, 500))
                return 500
            document = json.loads(body)
            self.accepted.append(
                {"path": path, "delivery": delivery, "event": headers.get("X-Langson-Event"), "body": document}
            )
            self.attempts.append((path, delivery, 200))
            return 200

    def accepted_deliveries(self) -> list[int]:
        with self.lock:
            return [a["delivery"] for a in self.accepted]
