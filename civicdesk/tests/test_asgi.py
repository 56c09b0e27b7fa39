"""The deployed application (civicdesk.asgi): the Open311 API through Django's WSGI handler in a thread pool (or on
the event loop's thread, WEB_THREADS=0), everything else (and API requests whose body is large or of a length not
given up front) through Django's ASGI handler."""

import asyncio
import contextvars
import json
import threading
import time
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from asgiref.testing import ApplicationCommunicator
from channels.testing import HttpCommunicator
from django.conf import settings
from django.test import Client

from civicdesk.asgi import (
    APIHandler,
    WholeRequests,
    application,
    keep_the_api_threads_connection,
    read_whole_by_the_api,
    serving_the_api,
)
from civicdesk.conftest import City


def fetch(path: str, method: str = "GET", body: bytes = b"", headers: list[tuple[bytes, bytes]] | None = None
          ) -> dict[str, Any]:
    communicator = HttpCommunicator(application, method, path, body=body,
                                    headers=[(b"host", b"testserver"), *(headers or [])])
    response: dict[str, Any] = async_to_sync(communicator.get_response)()
    return response


def scope(path: str, method: str = "GET", headers: list[tuple[bytes, bytes]] | None = None) -> dict[str, Any]:
    return {"path": path, "method": method, "headers": headers or []}


def test_api_requests_are_read_whole_and_pages_are_not() -> None:
    assert read_whole_by_the_api(scope("/open311/v2/requests.json"))
    assert read_whole_by_the_api(scope("/open311/v2/requests.json", "HEAD"))
    assert read_whole_by_the_api(scope("/open311/v2/requests.json", "POST", [(b"content-length", b"12")]))
    assert not read_whole_by_the_api(scope("/open311/v2/requests.json", "POST", [(b"transfer-encoding", b"chunked")]))
    # Whatever the method: a GET may carry a body too, and only a small one is held in memory.
    assert not read_whole_by_the_api(scope("/open311/v2/requests.json", "GET", [(b"transfer-encoding", b"chunked")]))
    assert not read_whole_by_the_api(scope("/open311/v2/requests.json", "GET", [(b"content-length", b"10000000000")]))
    assert not read_whole_by_the_api(scope("/open-data/requests.csv"))
    assert not read_whole_by_the_api(scope("/report/", "POST", [(b"content-length", b"12")]))
    assert read_whole_by_the_api(scope("/open311/discovery.xml"))
    assert read_whole_by_the_api(scope("/open311/v2/openapi.json"))
    assert not read_whole_by_the_api(scope("/open311/"))  # the API's HTML page is a page like the others
    # Large uploads are spooled to disk by the ASGI handler rather than held in memory.
    large = str(settings.FILE_UPLOAD_MAX_MEMORY_SIZE + 1).encode()
    assert not read_whole_by_the_api(scope("/open311/v2/requests.json", "POST", [(b"content-length", large)]))
    assert not read_whole_by_the_api(scope("/open311/v2/requests.json", "POST", [(b"content-length", b"12x")]))


def test_http_is_answered_by_the_django_views() -> None:
    response = fetch("/open311/discovery.json")

    assert response["status"] == 200
    headers = dict(response["headers"])  # as sent: ASGI wants the names in lower case
    assert headers[b"content-type"] == b"application/json; charset=utf-8"
    assert json.loads(response["body"])["endpoints"][0]["specification"] == "http://wiki.open311.org/GeoReport_v2"


def test_errors_keep_their_status_and_body() -> None:
    response = fetch("/open311/v2/requests.json", method="PUT")

    assert response["status"] == 405
    assert json.loads(response["body"])[0]["code"] == 405


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("length", [True, False], ids=["content-length", "chunked"])
def test_a_post_body_reaches_the_api_with_or_without_a_length(length: bool) -> None:
    body = b"api_key=not-a-key&service_code=pothole"
    headers = [(b"content-type", b"application/x-www-form-urlencoded")]
    headers.append((b"content-length", str(len(body)).encode()) if length else (b"transfer-encoding", b"chunked"))

    response = fetch("/open311/v2/requests.json", "POST", body, headers)

    # The key was read from the body: without it the answer would be "An api_key is required".
    assert (response["status"], json.loads(response["body"])[0]["description"]) == (
        403, "That api_key is not valid or has been turned off."
    )


@pytest.mark.django_db(transaction=True)
def test_the_open_data_export_is_served_in_parts() -> None:
    async def download() -> list[dict[str, Any]]:
        http_scope = {"type": "http", "http_version": "1.1", "method": "GET", "path": "/open-data/requests.csv",
                      "raw_path": b"/open-data/requests.csv", "query_string": b"", "scheme": "http",
                      "headers": [(b"host", b"testserver")], "server": ("testserver", 80), "client": ("1.2.3.4", 5)}
        communicator = ApplicationCommunicator(application, http_scope)
        await communicator.send_input({"type": "http.request", "body": b""})
        messages = [await communicator.receive_output(10)]
        while messages[-1]["type"] == "http.response.start" or messages[-1].get("more_body"):
            messages.append(await communicator.receive_output(10))
        return messages

    start, *parts = async_to_sync(download)()

    assert start["status"] == 200
    assert len(parts) > 1  # the header line, then the rows
    assert b"".join(part.get("body", b"") for part in parts).startswith(b"Unique Key,Created Date,")


def http_scope(path: str, method: str, headers: list[tuple[bytes, bytes]]) -> dict[str, Any]:
    return {"type": "http", "http_version": "1.1", "method": method, "path": path, "raw_path": path.encode(),
            "query_string": b"", "scheme": "http", "headers": [(b"host", b"testserver"), *headers],
            "server": ("testserver", 80), "client": ("1.2.3.4", 5)}


async def get_from(bridge: WholeRequests, path: str) -> tuple[int, bytes]:
    """A GET without a body sent straight to a bridge: the answer's status and body."""
    communicator = ApplicationCommunicator(bridge, http_scope(path, "GET", []))
    await communicator.send_input({"type": "http.request", "body": b""})
    start, answer = await communicator.receive_output(5), await communicator.receive_output(5)
    return start["status"], answer["body"]


@pytest.mark.django_db(transaction=True)
def test_a_body_sent_in_several_parts_is_read_whole() -> None:
    body = b"api_key=not-a-key&service_code=pothole"
    headers = [(b"content-type", b"application/x-www-form-urlencoded"), (b"content-length", str(len(body)).encode())]

    async def post() -> list[dict[str, Any]]:
        communicator = ApplicationCommunicator(application, http_scope("/open311/v2/requests.json", "POST", headers))
        await communicator.send_input({"type": "http.request", "body": body[:10], "more_body": True})
        await communicator.send_input({"type": "http.request", "body": body[10:]})
        return [await communicator.receive_output(10), await communicator.receive_output(10)]

    start, answer = async_to_sync(post)()

    assert (start["status"], json.loads(answer["body"])[0]["description"]) == (
        403, "That api_key is not valid or has been turned off."
    )


def test_a_client_that_leaves_before_its_body_is_sent_gets_no_answer() -> None:
    calls: list[Any] = []

    def application_called(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        calls.append(environ)
        return []

    bridge = WholeRequests(application_called, threads=1)

    async def leave() -> bool:
        communicator = ApplicationCommunicator(bridge, http_scope("/open311/v2/requests.json", "POST", []))
        await communicator.send_input({"type": "http.request", "body": b"a=", "more_body": True})
        await communicator.send_input({"type": "http.disconnect"})
        await communicator.wait(5)
        return await communicator.receive_nothing()

    assert async_to_sync(leave)()
    assert calls == []


def test_a_failure_around_the_application_is_answered_with_500() -> None:
    def broken(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        raise RuntimeError("the WSGI application broke")

    answer = async_to_sync(get_from)(WholeRequests(broken, threads=1), "/open311/v2/services.json")

    assert answer == (500, b"Server error")


def test_a_body_longer_than_its_length_said_is_refused_not_held(settings: Any) -> None:
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 100
    calls: list[Any] = []

    def application_called(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        calls.append(environ)
        return []

    async def post() -> list[dict[str, Any]]:
        communicator = ApplicationCommunicator(WholeRequests(application_called, threads=1), http_scope(
            "/open311/v2/requests.json", "POST", [(b"content-length", b"10")]))
        for _ in range(3):
            await communicator.send_input({"type": "http.request", "body": b"x" * 60, "more_body": True})
        return [await communicator.receive_output(5), await communicator.receive_output(5)]

    start, answer = async_to_sync(post)()

    assert (start["status"], answer["body"], calls) == (413, b"Request body too large", [])


def test_the_api_handler_runs_the_api_middleware_only() -> None:
    chain = []
    layer: Any = APIHandler()._middleware_chain  # type: ignore[attr-defined]  # Django sets it, undeclared
    while layer is not None:  # each middleware holds the next as get_response
        chain.append(type(layer).__module__ + "." + type(layer).__name__)
        layer = getattr(layer, "__wrapped__", None) or getattr(layer, "get_response", None)

    assert [name for name in chain if "middleware" in name] == settings.API_MIDDLEWARE == [
        "django.middleware.security.SecurityMiddleware", "django.middleware.locale.LocaleMiddleware",
        "django.middleware.common.CommonMiddleware", "django.middleware.clickjacking.XFrameOptionsMiddleware"]
    assert len(settings.MIDDLEWARE) == 11  # the pages' own chain is untouched
    assert settings.PAGES_ONLY_MIDDLEWARE < set(settings.MIDDLEWARE)  # each name left out is one the pages run


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("method", "path", "body", "language"),
    [("GET", "/open311/discovery.json", b"", "es"), ("GET", "/open311/v2/services.xml", b"", "en"),
     ("GET", "/open311/v2/services/no-such.json", b"", "es"), ("PUT", "/open311/v2/requests.json", b"", "en"),
     ("POST", "/open311/v2/requests.json", b"api_key=not-a-key&service_code=pothole", "en")],
    ids=["document", "xml", "not found", "wrong method", "refused post"],
)
def test_api_answers_are_those_of_the_full_middleware_stack(method: str, path: str, body: bytes,
                                                            language: str) -> None:
    """Status, body and headers (security headers, Vary: Accept-Language, X-Frame-Options...) as the pages'
    chain of every middleware gives them, but for "Vary: Cookie": there the staff session check reads the session
    (SessionMiddleware then adds it), yet no API answer depends on a cookie."""
    headers = [(b"accept-language", language.encode())]
    if body:
        headers += [(b"content-type", b"application/x-www-form-urlencoded"),
                    (b"content-length", str(len(body)).encode())]

    served = fetch(path, method, body, headers)
    full = Client().generic(method, path, body, content_type="application/x-www-form-urlencoded",
                            headers={"accept-language": language})

    assert served["status"] == full.status_code
    assert served["body"] == full.content
    expected = {name.lower(): value for name, value in full.headers.items()}
    expected["vary"] = expected["vary"].replace(", Cookie", "")
    assert {name.decode(): value.decode() for name, value in served["headers"]} == expected


def test_each_pool_thread_keeps_its_cache_connections_but_no_request_state() -> None:
    """Every request reuses its thread's cache (with Redis: its connection; before, each request opened one); what
    a request sets in Django's request-scoped state (here the language) is gone for the next."""
    from django.core.cache import caches
    from django.utils import translation

    seen: list[tuple[Any, str | None]] = []

    def application(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        seen.append((caches["default"], translation.get_language()))  # the object: a freed one's id is reused
        translation.activate("es")
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]

    bridge = WholeRequests(application, threads=1)

    async def ask() -> None:
        for _ in range(3):
            assert (await get_from(bridge, "/open311/v2/services.json"))[0] == 200

    async_to_sync(ask)()

    assert all(cache is seen[0][0] for cache, _ in seen)
    assert [language for _, language in seen] == [settings.LANGUAGE_CODE] * 3


def test_with_no_threads_each_request_runs_on_the_loop_thread_and_may_call_the_database(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """WEB_THREADS=0: no hand-off. Django's guard against blocking calls in a thread whose event loop runs (the same
    decorator its database calls carry) lets the request through, and the loop is running again afterwards, also
    after a request that failed."""
    from django.core.exceptions import SynchronousOnlyOperation
    from django.utils.asyncio import async_unsafe

    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)  # set by the browser tests; it turns the guard off

    @async_unsafe
    def database_call() -> int:
        return threading.get_ident()

    threads_seen: list[int] = []

    def application(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        threads_seen.append(database_call())
        if environ["PATH_INFO"].endswith("broken.json"):
            raise RuntimeError("the WSGI application broke")
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]

    bridge = WholeRequests(application, threads=0)

    async def ask() -> tuple[int, list[int]]:
        with pytest.raises(SynchronousOnlyOperation):
            database_call()  # the guard is on: outside a request, the same call is refused on the loop's thread
        statuses = []
        for path in ("/open311/v2/services.json", "/open311/v2/broken.json", "/open311/v2/services.json"):
            statuses.append((await get_from(bridge, path))[0])
            asyncio.get_running_loop()  # raises if the loop was not put back
        return threading.get_ident(), statuses

    loop_thread, statuses = async_to_sync(ask)()

    assert statuses == [200, 500, 200]
    assert threads_seen == [loop_thread] * 3
    assert bridge.pool is None


def test_the_api_handler_answers_on_the_loop_thread_as_in_the_pool() -> None:
    handler = APIHandler()
    on_the_loop, in_a_thread = (async_to_sync(get_from)(WholeRequests(handler, threads=n), "/open311/discovery.json")
                                for n in (0, 1))

    assert on_the_loop == in_a_thread
    assert on_the_loop[0] == 200 and b"GeoReport_v2" in on_the_loop[1]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("loop", ["asyncio", "uvloop"])
def test_with_no_threads_the_api_reads_the_database_on_the_loop_thread(
        city: City, loop: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A real API request through Django's handler and the database, on asyncio's loop and on uvloop's (what uvicorn
    runs in production)."""
    import uvloop

    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    bridge = WholeRequests(APIHandler(), threads=0)

    factory = uvloop.new_event_loop if loop == "uvloop" else asyncio.new_event_loop
    with asyncio.Runner(loop_factory=factory) as runner:
        status, body = runner.run(get_from(bridge, "/open311/v2/services.json"))

    assert status == 200, body
    assert city.pothole.service_code in {service["service_code"] for service in json.loads(body)}


class FakeConnection:
    def __init__(self, pool: object | None) -> None:
        self.pool, self.close_at = pool, 100.0


@pytest.mark.parametrize(("serving", "pooled", "max_age", "kept"), [
    (True, True, 60, True),
    (False, True, 60, False),  # a page's thread: its connection goes back after the request
    (True, False, 60, False),  # no pool (SQLite, DB_POOL=0): CONN_MAX_AGE as configured
    (True, True, 0, False),  # turned off
])
def test_only_the_api_threads_keep_a_pooled_connection(
        serving: bool, pooled: bool, max_age: int, kept: bool, settings: Any) -> None:
    settings.API_CONNECTION_MAX_AGE = max_age
    connection = FakeConnection(object() if pooled else None)

    def opened() -> None:
        serving_the_api.set(serving)
        keep_the_api_threads_connection(sender=None, connection=connection)  # type: ignore[arg-type]

    before = time.monotonic()
    contextvars.Context().run(opened)

    if kept:
        assert before + max_age <= connection.close_at <= time.monotonic() + max_age
    else:
        assert connection.close_at == 100.0


@pytest.mark.django_db(transaction=True)
def test_an_api_thread_keeps_its_pooled_connection_between_requests(city: City, settings: Any) -> None:
    """Two API requests in one pool thread use one PostgreSQL connection, kept checked out between them; with
    API_CONNECTION_MAX_AGE=0 (and on SQLite, which has no pool) the connection is handed back after each request."""
    from django.db import connections

    pooled = getattr(connections["default"], "pool", None) is not None

    def held_after_two_requests(max_age: int) -> tuple[Any, Any]:
        settings.API_CONNECTION_MAX_AGE = max_age
        bridge = WholeRequests(APIHandler(), threads=1)
        assert bridge.pool is not None
        held = []
        try:
            for _ in range(2):
                assert async_to_sync(get_from)(bridge, "/open311/v2/services.json")[0] == 200
                held.append(bridge.pool.submit(lambda: connections["default"].connection).result())
        finally:
            # Handed back (the test database cannot be dropped while it is open); in the thread, whose it is.
            bridge.pool.submit(lambda: connections["default"].close()).result()
            bridge.pool.shutdown()
        return held[0], held[1]

    first, second = held_after_two_requests(60)
    assert (first is not None and second is first) if pooled else (first is None and second is None)
    assert held_after_two_requests(0) == (None, None)
