"""HTTP goes to Django; websockets (the web chat) to Channels, with the staff session and only from this site's
own pages.

The Open311 API, the busiest HTTP traffic, runs through Django's WSGI handler in a pool of WEB_THREADS threads, or
with WEB_THREADS=0 on the event loop's thread itself (`WholeRequests` below), with only the middleware it uses
(`APIHandler`); the pages through Django's ASGI handler. Every view and most middleware here are synchronous, so
under the ASGI handler each request got a thread of its own and crossed between the event loop and threads three
times (the middleware chain switches mode around the async-capable ones). The pages keep the ASGI handler because
it streams (the open data CSV export) without holding a pool thread per download, and reads large or chunked
bodies (photo uploads spooled to disk): such API requests go there too.

The API's threads live as long as the process, so each keeps its pooled database connection between requests
(API_CONNECTION_MAX_AGE) instead of taking one from the pool and handing it back for every request.
"""

import asyncio
import contextvars
import io
import logging
import os
import threading
import time
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from a2wsgi.wsgi import build_environ
from django.core.asgi import get_asgi_application
from django.core.handlers.wsgi import WSGIHandler

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicdesk.settings")
pages = get_asgi_application()  # set up Django before the consumers import models

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.db.backends.base.base import BaseDatabaseWrapper  # noqa: E402
from django.db.backends.signals import connection_created  # noqa: E402

from civicdesk.intake.chat.routing import websocket_urlpatterns  # noqa: E402

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
API_PREFIXES = ("/open311/v2/", "/open311/discovery.")  # the API's documents; its HTML page is a page
logger = logging.getLogger(__name__)
serving_the_api: contextvars.ContextVar[bool] = contextvars.ContextVar("serving_the_api", default=False)


def keep_the_api_threads_connection(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """A pooled connection opened for an API request stays with its thread for API_CONNECTION_MAX_AGE seconds, as
    a persistent connection (CONN_MAX_AGE) would. Django hands it back to the pool when a request starts or ends
    after that (a thread left idle longer hands it back as its next request starts), and at the end of a request
    at once if an error made it unusable or autocommit was left off. Taking it from the pool and handing it back
    for each request cost a batch POST about a sixth of its CPU in-process, and rotated every request to another
    PostgreSQL process (bench/README.md, ninth session)."""
    if serving_the_api.get() and getattr(connection, "pool", None) is not None and settings.API_CONNECTION_MAX_AGE:
        connection.close_at = time.monotonic() + settings.API_CONNECTION_MAX_AGE


connection_created.connect(keep_the_api_threads_connection)


class WholeRequests:
    """A WSGI application served to ASGI for small requests read whole: the body is read on the event loop, the
    application runs in one of `threads` threads, its answer is read whole there and sent back. One crossing
    from the loop to a thread and one back per request; none with threads=0 (the loop's own thread runs it).

    The WSGI bridges on PyPI (a2wsgi; uvicorn's, which points to it) cross for every message: the body, the
    start of the answer, each part of it. Measured on two cores, 2 uvicorn workers of 1 thread, 8 clients: a
    trivial WSGI answer 2,873/s through a2wsgi, 7,941/s this way; the Open311 discovery document through
    Django 875/s and 2,006/s. Only for answers that are read whole anyway (the API's are small documents);
    a2wsgi's own environ builder is used, so the WSGI environ is the library's.
    """

    def __init__(self, application: WSGIApp, threads: int) -> None:
        self.application = application
        # No threads (WEB_THREADS=0): each request runs on the event loop's thread (_run_on_the_loop_thread).
        self.pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="api") if threads else None
        self.thread_contexts = threading.local()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return  # the client left before sending its request: nobody to answer
            body += message.get("body", b"")
            if len(body) > settings.FILE_UPLOAD_MAX_MEMORY_SIZE:  # more than its Content-Length said
                await _answer(send, 413, b"Request body too large")
                return
            if not message.get("more_body"):
                break
        environ = build_environ(scope, io.BytesIO(body))  # type: ignore[arg-type]
        try:
            if self.pool is None:
                status, headers, content = self._run_on_the_loop_thread(environ)
            else:
                status, headers, content = await asyncio.get_running_loop().run_in_executor(
                    self.pool, self._run_in_a_fresh_context, environ
                )
        except Exception:  # Django answers its own errors; this is a failure around it
            logger.exception("The API's WSGI application failed on %s %s", scope["method"], scope["path"])
            status, headers, content = 500, [], b"Server error"
        await _answer(send, status, content, headers)

    def _run_on_the_loop_thread(self, environ: Any) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        """The request from start to end on the event loop's own thread, the loop waiting meanwhile, as a classic
        one-request-at-a-time worker does: no hand-off to a pool thread and back. Each hand-off wakes a thread and
        passes the GIL (the loop thread and the pool thread take turns on it); on two cores that was a tenth of a
        batch POST's CPU (bench/README.md). Django refuses database calls in a thread whose event loop is running,
        because they hold the loop up; here holding it up is the point, so the loop is set aside for the request's
        length (asyncio's hook for loops to mark themselves running, uvloop's too; underscored but kept for them
        since Python 3.7) and put back after it."""
        loop = asyncio.events._get_running_loop()
        asyncio.events._set_running_loop(None)
        try:
            return self._run_in_a_fresh_context(environ)
        finally:
            asyncio.events._set_running_loop(loop)

    def _run_in_a_fresh_context(self, environ: Any) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        """In a copy of a context of this thread's own per request, as a2wsgi copies one: nothing a request sets (a
        language, a time zone) stays for the next. That context starts empty, as a new thread's does (on the loop's
        thread too, so nothing of the request being served then carries over), and holds the thread's cache
        connections (made in it, so the copies see them): a copy of the event loop's context, as before, left
        Django's caches out (asgiref keeps a thread's Locals from another thread), and every request opened a new
        connection to Redis."""
        base = getattr(self.thread_contexts, "base", None)
        if base is None:
            base = contextvars.Context()
            base.run(caches.all)  # each cache's connection, made in this thread's context
            self.thread_contexts.base = base
        return base.copy().run(self._run, environ)

    def _run(self, environ: Any) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        serving_the_api.set(True)  # in this request's own context (_run_in_a_fresh_context)
        started: list[Any] = []

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
            started[:] = [status, headers]

        answer = self.application(environ, start_response)
        try:
            content = b"".join(answer)
        finally:
            close = getattr(answer, "close", None)
            if close is not None:
                close()  # Django's request_finished: database connections go back to the pool
        status, headers = started
        # ASGI wants header names in lower case (WSGI applications may send any case).
        encoded = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers]
        return int(status[:3]), encoded, content


async def _answer(send: Send, status: int, content: bytes, headers: list[tuple[bytes, bytes]] | None = None) -> None:
    """Send a whole answer; plain text unless the headers say otherwise."""
    headers = headers or [(b"content-type", b"text/plain; charset=utf-8")]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": content})


class APIHandler(WSGIHandler):
    """Django's WSGI handler with settings.API_MIDDLEWARE instead of settings.MIDDLEWARE.

    The API answers documents to outside applications: no session, signed-in user, CSRF token, messages or static
    files, whose middleware cost a batch POST about a tenth of its CPU (bench/README.md). What it does use stays:
    security headers, the language from Accept-Language, CommonMiddleware's checks, X-Frame-Options.
    """

    def load_middleware(self, is_async: bool = False) -> None:
        # Django's loader reads settings.MIDDLEWARE; swapped only while this handler builds its chain, once, when
        # this module is imported (before any thread serves).
        full = settings.MIDDLEWARE
        settings.MIDDLEWARE = settings.API_MIDDLEWARE
        try:
            super().load_middleware(is_async)
        finally:
            settings.MIDDLEWARE = full


api = WholeRequests(APIHandler(), threads=settings.WEB_THREADS)


def read_whole_by_the_api(scope: Scope) -> bool:
    """An Open311 API request, whatever its method, without a body or with one of a length given up front and small
    enough to hold in memory (Django's own limit for keeping an upload in memory): larger or chunked bodies are
    spooled to disk by the ASGI handler."""
    if not scope["path"].startswith(API_PREFIXES):
        return False
    length = None
    for name, value in scope["headers"]:
        if name == b"transfer-encoding":
            return False
        if name == b"content-length":
            length = value
    if length is None:
        return True
    try:
        return int(length) <= settings.FILE_UPLOAD_MAX_MEMORY_SIZE
    except ValueError:
        return False


async def http(scope: Scope, receive: Receive, send: Send) -> None:
    handler = api if read_whole_by_the_api(scope) else pages
    await handler(scope, receive, send)  # type: ignore[arg-type]


application = ProtocolTypeRouter({
    "http": http,
    "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
})
