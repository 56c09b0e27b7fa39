"""Local stand-ins for the outside world: an SMTP sink (aiosmtpd) and a fake Twilio Messages API.

Both listen on 127.0.0.1 on a free port; nothing leaves the machine.
"""

import json
import re
import secrets
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session


@dataclass
class SmtpSink:
    """Collects every message an SMTP client hands it; `refuse` lists addresses it answers 550 for."""

    messages: list[EmailMessage] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    port: int = 0

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope, address: str,
                          options: list[str]) -> str:
        if address.lower() in self.refuse:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or b""
        self.messages.append(message_from_bytes(content, policy=policy.default))  # type: ignore[arg-type]
        return "250 Message accepted"

    def to(self, address: str) -> list[EmailMessage]:
        return [message for message in self.messages if message["To"] == address]

    @staticmethod
    def text(message: EmailMessage) -> str:
        body = message.get_body(("plain",))
        assert body is not None
        return str(body.get_content())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def smtp_sink() -> Iterator[SmtpSink]:
    sink = SmtpSink(port=free_port())
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    try:
        yield sink
    finally:
        controller.stop()


@dataclass
class TwilioMessage:
    account_sid: str
    to: str
    from_: str
    body: str
    authorization: str


class FakeTwilio:
    """Answers POST /2010-04-01/Accounts/<sid>/Messages.json like Twilio does, and records each message.

    `fail_with` makes the next requests fail: (HTTP status, Twilio error code, message) for each.
    """

    PATH = re.compile(r"^/2010-04-01/Accounts/(?P<sid>AC\w+)/Messages\.json$")

    def __init__(self) -> None:
        self.messages: list[TwilioMessage] = []
        self.fail_with: list[tuple[int, int | None, str]] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def to(self, number: str) -> list[TwilioMessage]:
        return [message for message in self.messages if message.to == number]

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # quiet test output
                pass

            def do_POST(self) -> None:
                found = FakeTwilio.PATH.match(self.path)
                length = int(self.headers.get("Content-Length", 0))
                form = {key: values[0] for key, values in parse_qs(self.rfile.read(length).decode()).items()}
                if found is None:
                    return self._answer(404, {"code": 20404, "message": "The requested resource was not found",
                                              "status": 404})
                if fake.fail_with:
                    status, code, text = fake.fail_with.pop(0)
                    return self._answer(status, {"code": code, "message": text, "status": status})
                message = TwilioMessage(found["sid"], form.get("To", ""), form.get("From", ""), form.get("Body", ""),
                                        self.headers.get("Authorization", ""))
                fake.messages.append(message)
                sid = "SM" + secrets.token_hex(16)
                self._answer(201, {"sid": sid, "account_sid": message.account_sid, "to": message.to,
                                   "from": message.from_, "body": message.body, "status": "queued",
                                   "num_segments": "1", "direction": "outbound-api", "api_version": "2010-04-01",
                                   "uri": f"/2010-04-01/Accounts/{message.account_sid}/Messages/{sid}.json"})

            def _answer(self, status: int, document: dict[str, Any]) -> None:
                payload = json.dumps(document).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        return Handler


@contextmanager
def fake_twilio() -> Iterator[FakeTwilio]:
    server = FakeTwilio()
    server.start()
    try:
        yield server
    finally:
        server.stop()
