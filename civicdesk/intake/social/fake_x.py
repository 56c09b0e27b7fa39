"""A tiny local stand-in for the X API v2, serving the recorded payloads in `fixtures/` over real HTTP.

Tests point X_API_BASE at `FakeX().base`; it answers mentions (newer than `since_id`), direct message
events, new posts and direct messages, records every call and every post, and can be told to fail the next
calls or to lose their answers.
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
LATE_SECONDS = 10  # how long a lost answer keeps the caller waiting, unless the fake stops first


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
    text: str = ""  # answered instead of JSON, as a proxy's error page would be


@dataclass
class LostAnswer:
    path_part: str
    hang_up: bool


class FakeX:
    """Start with `with FakeX() as fake:`; `fake.base` is the API root to put in X_API_BASE."""

    def __init__(self) -> None:
        self.mentions = recorded("mentions.json")
        self.dm_events = recorded("dm_events.json")
        self.calls: list[Call] = []
        self.posted: list[dict[str, Any]] = []
        self.messaged: list[tuple[str, dict[str, Any]]] = []  # (recipient's user id, body) of direct messages
        self.failures: list[Failure] = []
        self.lost_answers: list[LostAnswer] = []
        self._stopping = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/2"

    def fail_next(
        self, path_part: str, status: int, headers: dict[str, str] | None = None, fixture: str = "", text: str = ""
    ) -> None:
        """The next call whose path contains `path_part` answers `status` (once), with the recorded `fixture`, or
        `text` that is not JSON, or else a short JSON error."""
        self.failures.append(Failure(path_part, status, headers or {}, fixture, text))

    def lose_next_answer(self, path_part: str, *, hang_up: bool = False) -> None:
        """X carries out the next call whose path contains `path_part`, but its answer never arrives: the caller
        waits until it gives up (a timeout), or with `hang_up` the connection is closed at once."""
        self.lost_answers.append(LostAnswer(path_part, hang_up))

    def __enter__(self) -> "FakeX":
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def answer(self, call: Call) -> tuple[int, dict[str, str], Any]:
        self.calls.append(call)
        for failure in self.failures:
            if failure.path_part in call.path:
                self.failures.remove(failure)
                body = failure.text or (recorded(failure.fixture) if failure.fixture
                                        else {"title": "Error", "status": failure.status})
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

    def lost_answer(self, call: Call) -> bool | None:
        """None when `call`'s answer is to be sent; else whether to hang up at once (else only after a while)."""
        for lost in self.lost_answers:
            if lost.path_part in call.path:
                self.lost_answers.remove(lost)
                return lost.hang_up
        return None

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
                hang_up = fake.lost_answer(call)
                if hang_up is not None:
                    if not hang_up:
                        fake._stopping.wait(LATE_SECONDS)
                    self.close_connection = True
                    return
                is_text = isinstance(body, str)
                encoded = body.encode() if is_text else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/html" if is_text else "application/json")
                self.send_header("Content-Length", str(len(encoded)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(encoded)

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet: tests read `fake.calls` instead."""

        return Handler
