"""A tiny local stand-in for the X API v2, serving the recorded payloads in `fixtures/` over real HTTP.

Tests point X_API_BASE at `FakeX().base`; it answers mentions (newer than `since_id`), direct message
events, new posts and direct messages, lists the city's own replies and messages back (links shortened, as X
does), records every call and every post, and can be told to fail the next calls or to lose their answers.
"""

import json
import re
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ACCOUNT_ID = "1449227381"  # the city's account in the recorded payloads: the sender of what we send
LATE_SECONDS = 10  # how long a lost answer keeps the caller waiting, unless the fake stops first
LINK = re.compile(r"https?://\S+")


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
        self.sent: list[dict[str, Any]] = []  # what the city's account sent, as X lists it, newest first
        self.failures: list[Failure] = []
        self.lost_answers: list[LostAnswer] = []
        self._stopping = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/2"

    def fail_next(self, path_part: str, status: int, headers: dict[str, str] | None = None, fixture: str = "") -> None:
        """The next call whose path contains `path_part` answers `status` (once)."""
        self.failures.append(Failure(path_part, status, headers or {}, fixture))

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
                body = recorded(failure.fixture) if failure.fixture else {"title": "Error", "status": failure.status}
                return failure.status, failure.headers, body
        if call.method == "GET" and call.path.endswith("/mentions"):
            since = call.query.get("since_id", ["0"])[0]
            newer = [item for item in self.mentions["data"] if (len(item["id"]), item["id"]) > (len(since), since)]
            if not newer:
                return 200, {}, {"meta": {"result_count": 0}}
            return 200, {}, {**self.mentions, "data": newer,
                             "meta": {**self.mentions["meta"], "result_count": len(newer)}}
        conversation = re.fullmatch(r"/2/dm_conversations/with/(\d+)/dm_events", call.path)
        if call.method == "GET" and conversation:
            with_id = f"{ACCOUNT_ID}-{conversation.group(1)}"
            return 200, {}, _listing([item for item in self.sent + self.dm_events["data"]
                                      if item.get("dm_conversation_id") == with_id])
        if call.method == "GET" and call.path.endswith("/dm_events"):
            return 200, {}, self.dm_events
        if call.method == "GET" and re.fullmatch(r"/2/users/\d+/tweets", call.path):
            since = call.query.get("start_time", ["1970-01-01T00:00:00Z"])[0]
            return 200, {}, _listing([item for item in self.sent if "referenced_tweets" in item
                                      and _moment(item["created_at"]) >= _moment(since)])
        if call.method == "POST" and call.path.endswith("/tweets"):
            answer = recorded("post_tweet.json")
            replied_to = {"type": "replied_to", "id": call.body["reply"]["in_reply_to_tweet_id"]}
            answer["data"]["id"] = self._keep_sent(answer["data"]["id"], len(self.posted), call.body["text"],
                                                   referenced_tweets=[replied_to])
            self.posted.append(call.body)
            return 201, {}, answer
        recipient = re.fullmatch(r"/2/dm_conversations/with/(\d+)/messages", call.path)
        if call.method == "POST" and recipient:
            answer = recorded("send_dm.json")
            answer["data"]["dm_event_id"] = self._keep_sent(
                answer["data"]["dm_event_id"], len(self.messaged), call.body["text"], event_type="MessageCreate",
                sender_id=ACCOUNT_ID, dm_conversation_id=f"{ACCOUNT_ID}-{recipient.group(1)}")
            self.messaged.append((recipient.group(1), call.body))
            return 201, {}, answer
        return 404, {}, {"title": "Not Found Error", "status": 404}

    def _keep_sent(self, recorded_id: str, earlier: int, text: str, **fields: Any) -> str:
        """Keep a post or message the city's account sent, as X lists it; its id follows the recorded one's."""
        new_id = str(int(recorded_id) + earlier)
        created = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        self.sent.insert(0, {"id": new_id, "text": LINK.sub("https://t.co/abc123XyZ", text), "created_at": created,
                             **fields})
        return new_id

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


def _listing(items: list[dict[str, Any]]) -> dict[str, Any]:
    if not items:
        return {"meta": {"result_count": 0}}
    return {"data": items, "meta": {"result_count": len(items), "newest_id": items[0]["id"],
                                    "oldest_id": items[-1]["id"]}}


def _moment(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))
