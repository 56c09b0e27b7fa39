"""A tiny local stand-in for the X API v2, serving the recorded payloads in `fixtures/` over real HTTP.

Tests point X_API_BASE at `FakeX().base`; it answers mentions (newer than `since_id`), direct message
events and new posts, records every call and every post, and can be told to fail the next calls.
"""

import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def recorded(name: str) -> dict[str, Any]:
    """One recorded payload from `fixtures/`."""
    payload: dict[str, Any] = json.loads((FIXTURES / name).read_text())
    return payload


@dataclass
class Call:
    method: str
    path: str
    query: dict[str, list[str]]
    authorization: str
    body: Any = None


@dataclass
class Failure:
    path_part: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    fixture: str = ""


class FakeX:
    """Start with `with FakeX() as fake:`; `fake.base` is the API root to put in X_API_BASE."""

    def __init__(self) -> None:
        self.mentions = recorded("mentions.json")
        self.dm_events = recorded("dm_events.json")
        self.calls: list[Call] = []
        self.posted: list[dict[str, Any]] = []
        self.messaged: list[tuple[str, dict[str, Any]]] = []  # (recipient's user id, body) of direct messages
        self.failures: list[Failure] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/2"

    def fail_next(self, path_part: str, status: int, headers: dict[str, str] | None = None, fixture: str = "") -> None:
        """The next call whose path contains `path_part` answers `status` (once)."""
        self.failures.append(Failure(path_part, status, headers or {}, fixture))

    def __enter__(self) -> "FakeX":
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def answer(self, call: Call) -> tuple[int, dict[str, str], Any]:
        self.calls.append(call)
        for failure in self.failures:
            if failure.path_part in call.path:
                self.failures.remove(failure)
                body = recorded(failure.fixture) if failure.fixture else {"title": "Error", "status": failure.status}
                return failure.status, failure.headers, body
        if call.method == "GET" and call.path.endswith("/mentions"):
            since = call.query.get("since_id", ["0"])[0]
            newer = [item for item in self.mentions["data"] if (len(item["id"]), item["id"]) > (len(since), since)]
            if not newer:
                return 200, {}, {"meta": {"result_count": 0}}
            return 200, {}, {**self.mentions, "data": newer,
                             "meta": {**self.mentions["meta"], "result_count": len(newer)}}
        if call.method == "GET" and call.path.endswith("/dm_events"):
            return 200, {}, self.dm_events
        if call.method == "POST" and call.path.endswith("/tweets"):
            self.posted.append(call.body)
            return 201, {}, recorded("post_tweet.json")
        recipient = re.fullmatch(r"/2/dm_conversations/with/(\d+)/messages", call.path)
        if call.method == "POST" and recipient:
            self.messaged.append((recipient.group(1), call.body))
            return 201, {}, recorded("send_dm.json")
        return 404, {}, {"title": "Not Found Error", "status": 404}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self._serve()

            def do_POST(self) -> None:
                self._serve()

            def _serve(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                call = Call(self.command, parts.path, parse_qs(parts.query), self.headers.get("Authorization", ""),
                            json.loads(raw) if raw else None)
                status, headers, body = fake.answer(call)
                encoded = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(encoded)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(encoded)

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet: tests read `fake.calls` instead."""

        return Handler
