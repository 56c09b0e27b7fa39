"""Rosa chats with 311 from the portal; Carla and Cora answer chats from the staff console.

`Socket` drives one websocket (a `channels.testing.WebsocketCommunicator`) inside an async scenario run
with `run(...)`; the database is set up before and checked after, in the test's own thread.
"""

import os
import socket
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest
import uvicorn
from asgiref.sync import async_to_sync
from channels.routing import ProtocolTypeRouter, URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.core.asgi import get_asgi_application
from django.db import connections
from django_otp import DEVICE_ID_SESSION_KEY

from civicdesk.accounts.middleware import LAST_ACTIVITY, SIGNED_IN_AT
from civicdesk.accounts.models import Role, User
from civicdesk.accounts.tests.factories import StaffFactory
from civicdesk.accounts.tests.two_factor import authenticator
from civicdesk.catalog.models import Article
from civicdesk.catalog.tests.factories import small_knowledge_base
from civicdesk.conftest import City
from civicdesk.intake.chat.routing import websocket_urlpatterns

SOCKETS = URLRouter(websocket_urlpatterns)


@pytest.fixture
def knowledge_base(city: City) -> dict[str, Article]:
    return small_knowledge_base(city.pothole, city.missed_trash)


@pytest.fixture
def cora(db: None) -> User:
    """Carla's colleague on the call-taker team."""
    return StaffFactory.create(username="cora", first_name="Cora", role=Role.CALL_TAKER)


class Socket:
    """One open chat socket and what it has received."""

    def __init__(self, path: str, user: Any = None, verified: bool = True) -> None:
        self.communicator = WebsocketCommunicator(SOCKETS, path)
        if user is not None:
            self.communicator.scope["user"] = user
            self.communicator.scope["session"] = signed_in_session(user, verified) if user.is_authenticated else {}

    async def connect(self) -> tuple[bool, int | str | None]:
        connected, code = await self.communicator.connect()
        return connected, code

    async def send(self, **message: Any) -> None:
        await self.communicator.send_json_to(message)

    async def receive(self) -> dict[str, Any]:
        message: dict[str, Any] = await self.communicator.receive_json_from(timeout=5)
        return message

    async def receive_until(self, kind: str, **fields: Any) -> dict[str, Any]:
        """The next message of `kind` (with these field values), skipping others."""
        while True:
            message = await self.receive()
            if message["type"] == kind and all(message.get(key) == value for key, value in fields.items()):
                return message

    async def line(self, speaker: str) -> dict[str, Any]:
        """The next transcript line said by `speaker`."""
        while True:
            message = await self.receive_until("line")
            if message["line"]["speaker"] == speaker:
                return message

    async def close_code(self) -> Any:
        """How the server closed this socket (skipping what it sent before)."""
        while True:
            message = await self.communicator.receive_output(timeout=5)
            if message["type"] == "websocket.close":
                return message.get("code")

    async def close(self) -> None:
        await self.communicator.disconnect()


def signed_in_session(user: User, verified: bool = True) -> SessionStore:
    """A saved session as the staff sign-in leaves it: the user, the two-factor device, both clocks started."""
    session = SessionStore()
    session[SESSION_KEY], session[BACKEND_SESSION_KEY] = str(user.pk), "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if verified:
        session[DEVICE_ID_SESSION_KEY] = authenticator(user).persistent_id
    session[SIGNED_IN_AT] = session[LAST_ACTIVITY] = time.time()
    session.save()
    return session


def run(scenario: Callable[[], Awaitable[Any]]) -> Any:
    return async_to_sync(scenario)()


class AsgiServer:
    def __init__(self, url: str) -> None:
        self.url = url


@pytest.fixture
def asgi_server(transactional_db: None) -> Iterator[AsgiServer]:
    """The real ASGI application (HTTP and websockets) served by uvicorn on a free port, against the test
    database: pytest-django's live server speaks WSGI only."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from civicdesk.asgi import application as site

    # Static files from the app folders, as pytest-django's live server serves them.
    application = ProtocolTypeRouter({"http": ASGIStaticFilesHandler(get_asgi_application()),
                                      "websocket": site.application_mapping["websocket"]})
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(application, host="127.0.0.1", port=port, log_level="warning",
                                           ws="websockets-sansio", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            pytest.fail("The ASGI test server did not start.")
        time.sleep(0.05)
    yield AsgiServer(f"http://127.0.0.1:{port}")
    server.should_exit = True
    thread.join(timeout=10)
    connections.close_all()
