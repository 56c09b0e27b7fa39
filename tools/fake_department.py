"""A fake department work-order system, "Riverton Animal Control", for the tests and the demo.

It is deliberately stand-alone (standard library only, no Django), like a real department's system:

- `POST /webhook` takes CivicDesk's signed JSON webhook: it checks the HMAC signature, ignores a repeat
  of an idempotency key it has seen, and opens a work order in its own first status, RECEIVED;
- `POST /open311/v2/requests.json` and `GET /open311/v2/requests.json` speak GeoReport v2 for the
  Open311-push adapter and for polling;
- it can be told to fail (HTTP 503) for the next N calls, to show CivicDesk's retries;
- `move(order_id, "DISPATCHED")` moves a work order through its own statuses and pushes the update,
  signed, to CivicDesk's inbound endpoint. From a shell: `POST /work-orders/<id>/status` with
  `{"status": "DISPATCHED", "note": "..."}`, or run with `--advance-every 20` to walk every work order
  through RECEIVED → DISPATCHED → ON_SCENE → COMPLETE on its own.

Run: python tools/fake_department.py --port 8765 --secret <the integration's secret> \
         --updates-url http://127.0.0.1:8000/integrations/riverton-animal-control/updates
"""

import argparse
import hashlib
import hmac
import json
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import parse_qs, urlparse
from urllib.request import Request, urlopen

NAME = "Riverton Animal Control"
STATUS_WORDS = ("RECEIVED", "DISPATCHED", "ON_SCENE", "COMPLETE", "UNABLE_TO_LOCATE")
# What CivicDesk's integration row maps these words to (set as its status_mapping).
STATUS_MAPPING = {"RECEIVED": "acknowledged", "DISPATCHED": "in_progress", "ON_SCENE": "in_progress",
                  "COMPLETE": "closed", "UNABLE_TO_LOCATE": "closed"}
RESOLUTIONS = {"COMPLETE": "fixed", "UNABLE_TO_LOCATE": "could_not_locate"}
WALK = ("RECEIVED", "DISPATCHED", "ON_SCENE", "COMPLETE")
CLOSED_WORDS = ("COMPLETE", "UNABLE_TO_LOCATE")


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The department's own implementation of CivicDesk's signature: sha256=HMAC(secret, "<ts>." + body)."""
    return "sha256=" + hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


@dataclass
class WorkOrder:
    id: str
    civicdesk_id: str
    service_code: str
    description: str
    address: str
    status: str = "RECEIVED"
    notes: list[str] = field(default_factory=list)
    updated_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))


@dataclass
class Push:
    """What CivicDesk answered to one update pushed to it."""

    status_code: int
    body: dict[str, Any]


class FakeDepartment:
    """The department system: start() serves it on 127.0.0.1 (a free port by default); stop() ends it."""

    def __init__(self, secret: str, updates_url: str = "", port: int = 0, api_key: str = "") -> None:
        self.secret, self.updates_url, self.api_key = secret, updates_url, api_key
        self.orders: dict[str, WorkOrder] = {}
        self.by_idempotency_key: dict[str, str] = {}
        self.calls: list[dict[str, Any]] = []  # every delivery attempt that reached us, repeats included
        self._failures_left = 0
        self._holds_left = 0
        self.holding = threading.Event()  # set while a held delivery waits for `release`
        self.release = threading.Event()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", port), _handler_for(self))
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> "FakeDepartment":
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-department", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def fail_next(self, count: int) -> None:
        """Answer the next `count` deliveries with 503 Service Unavailable (the system is down)."""
        with self._lock:
            self._failures_left = count

    def hold_next(self, count: int = 1) -> None:
        """Take the next `count` deliveries but keep the caller waiting for the answer until `release` is set
        (or 10 s): long enough to kill the CivicDesk worker that sent it."""
        with self._lock:
            self._holds_left = count

    def open_order(self, idempotency_key: str, civicdesk_id: str, service_code: str, description: str,
                   address: str) -> tuple[WorkOrder, bool]:
        """The work order for this idempotency key: a new one, or (False) the one a repeat already made."""
        with self._lock:
            known = self.by_idempotency_key.get(idempotency_key) if idempotency_key else None
            if known is not None:
                return self.orders[known], False
            order = WorkOrder(f"RAC-{len(self.orders) + 1:04d}", civicdesk_id, service_code, description, address)
            self.orders[order.id] = order
            if idempotency_key:
                self.by_idempotency_key[idempotency_key] = order.id
            return order, True

    def move(self, order_id: str, status: str, note: str = "", push: bool = True) -> Push | None:
        """Move a work order to one of our status words and (if we know CivicDesk's address) push it there."""
        if status not in STATUS_WORDS:
            raise ValueError(f"{status} is not one of our statuses: {', '.join(STATUS_WORDS)}")
        order = self.orders[order_id]
        order.status, order.updated_at = status, datetime.now(UTC).isoformat(timespec="microseconds")
        if note:
            order.notes.append(note)
        if not (push and self.updates_url):
            return None
        update: dict[str, Any] = {"event_id": uuid.uuid4().hex, "external_id": order.id, "status": status}
        if note:
            update["note"], update["note_public"] = note, True
        if status in RESOLUTIONS:
            update["resolution"] = RESOLUTIONS[status]
        return self.push(update)

    def push(self, update: dict[str, Any], secret: str | None = None) -> Push:
        """POST one update to CivicDesk, signed (with another secret to show a forged one is refused)."""
        body = json.dumps(update).encode()
        timestamp = int(time.time())
        request = Request(self.updates_url, data=body, method="POST", headers={
            "Content-Type": "application/json", "X-CivicDesk-Timestamp": str(timestamp),
            "X-CivicDesk-Signature": sign(self.secret if secret is None else secret, timestamp, body),
        })
        try:
            with urlopen(request, timeout=10) as response:
                return Push(response.status, json.loads(response.read() or b"{}"))
        except HTTPError as error:
            return Push(error.code, json.loads(error.read() or b"{}"))
        except URLError as error:
            return Push(0, {"error": f"CivicDesk did not answer: {error.reason}"})

    def advance_all(self) -> None:
        """Move every open work order one step along RECEIVED → DISPATCHED → ON_SCENE → COMPLETE."""
        for order in list(self.orders.values()):
            if order.status in WALK[:-1]:
                self.move(order.id, WALK[WALK.index(order.status) + 1],
                          note="Animal secured and taken to the shelter." if order.status == "ON_SCENE" else "")

    def _take_failure(self) -> bool:
        with self._lock:
            if self._failures_left > 0:
                self._failures_left -= 1
                return True
            return False

    def _take_hold(self) -> bool:
        with self._lock:
            if self._holds_left > 0:
                self._holds_left -= 1
                return True
            return False

    def _record(self, kind: str, key: str) -> None:
        with self._lock:
            self.calls.append({"kind": kind, "idempotency_key": key, "at": time.time()})


def _handler_for(department: FakeDepartment) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet in tests
            pass

        def _answer(self, status: int, data: Any) -> None:
            body = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _body(self) -> bytes:
            return self.rfile.read(int(self.headers.get("Content-Length") or 0))

        def do_GET(self) -> None:
            url = urlparse(self.path)
            if url.path == "/work-orders":
                self._answer(200, [asdict(order) for order in department.orders.values()])
            elif url.path == "/open311/v2/requests.json":
                wanted = ",".join(parse_qs(url.query).get("service_request_id", [])).split(",")
                self._answer(200, [_open311_document(department.orders[i]) for i in wanted if i in department.orders])
            else:
                self._answer(404, {"error": "not found"})

        def do_POST(self) -> None:
            url = urlparse(self.path)
            body = self._body()
            key = self.headers.get("Idempotency-Key", "")
            if url.path == "/webhook":
                self._webhook(body, key)
            elif url.path == "/open311/v2/requests.json":
                self._open311_post(body, key)
            elif url.path.startswith("/work-orders/") and url.path.endswith("/status"):
                self._move(url.path.split("/")[2], body)
            else:
                self._answer(404, {"error": "not found"})

        def _webhook(self, body: bytes, key: str) -> None:
            department._record("webhook", key)
            if department._take_failure():
                self._answer(503, {"error": "down for maintenance"})
                return
            timestamp = self.headers.get("X-CivicDesk-Timestamp", "0")
            given = self.headers.get("X-CivicDesk-Signature", "")
            if not timestamp.isdigit() or not hmac.compare_digest(sign(department.secret, int(timestamp), body), given):
                self._answer(401, {"error": "bad signature"})
                return
            request = json.loads(body)["request"]
            order, new = department.open_order(key, request["id"], request["service_code"], request["description"],
                                               request["location"]["address"])
            if department._take_hold():
                department.holding.set()
                department.release.wait(10)
            try:
                self._answer(201 if new else 200, {"id": order.id, "status": order.status, "duplicate": not new})
            except OSError:
                pass  # the sender went away while we held it: the work order stands all the same

        def _open311_post(self, body: bytes, key: str) -> None:
            department._record("open311", key)
            if department._take_failure():
                self._answer(503, [{"code": 503, "description": "down for maintenance"}])
                return
            form = {name: values[0] for name, values in parse_qs(body.decode()).items()}
            if department.api_key and form.get("api_key") != department.api_key:
                self._answer(403, [{"code": 403, "description": "invalid api_key"}])
                return
            order, _new = department.open_order(key, "", form.get("service_code", ""), form.get("description", ""),
                                                form.get("address_string", ""))
            self._answer(201, [{"service_request_id": order.id, "service_notice": f"Received by {NAME}."}])

        def _move(self, order_id: str, body: bytes) -> None:
            if order_id not in department.orders:
                self._answer(404, {"error": f"no work order {order_id}"})
                return
            data = json.loads(body or b"{}")
            try:
                pushed = department.move(order_id, str(data.get("status", "")), str(data.get("note", "")))
            except ValueError as error:
                self._answer(400, {"error": str(error)})
                return
            self._answer(200, {"order": asdict(department.orders[order_id]),
                               "civicdesk": asdict(pushed) if pushed else None})

    return Handler


def _open311_document(order: WorkOrder) -> dict[str, Any]:
    return {"service_request_id": order.id, "status": "closed" if order.status in CLOSED_WORDS else "open",
            "detailed_status": order.status, "status_notes": order.notes[-1] if order.notes else "",
            "service_code": order.service_code, "description": order.description, "address": order.address,
            "updated_datetime": order.updated_at}


def main() -> None:
    parser = argparse.ArgumentParser(description=f"Run {NAME}, a fake department system, for the CivicDesk demo.")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--secret", required=True, help="the integration's secret, shown by connect_fake_department")
    parser.add_argument("--updates-url", default="", help="CivicDesk's /integrations/<slug>/updates address")
    parser.add_argument("--advance-every", type=float, default=0, help="seconds between automatic status steps")
    args = parser.parse_args()
    department = FakeDepartment(args.secret, args.updates_url, port=args.port).start()
    print(f"{NAME} listening on {department.url} (webhook: {department.url}/webhook)", flush=True)
    try:
        while True:
            time.sleep(args.advance_every or 3600)
            if args.advance_every:
                department.advance_all()
    except KeyboardInterrupt:
        department.stop()


if __name__ == "__main__":
    main()
