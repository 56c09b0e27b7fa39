"""HTTP goes to Django; websockets (the web chat) to Channels, with the staff session and only from this site's
own pages.

The Open311 API, the busiest HTTP traffic, runs through Django's WSGI handler in a pool of WEB_THREADS threads
(a2wsgi); the pages through Django's ASGI handler. Every view and most middleware here are synchronous, so
under the ASGI handler each request got a thread of its own and crossed between the event loop and threads
three times (the middleware chain switches mode around the async-capable ones): measured on two cores with
eight clients, 157 API answers/s through it against 463/s through the thread pool. The pages keep the ASGI
handler because it streams (the open data CSV export) without holding a pool thread per download, and reads
bodies sent without a Content-Length (chunked), which the WSGI bridge does not: such API requests go there too.
"""

import os
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from a2wsgi import WSGIMiddleware
from django.core.asgi import get_asgi_application
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicdesk.settings")
pages = get_asgi_application()  # set up Django before the consumers import models

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.conf import settings  # noqa: E402

from civicdesk.intake.chat.routing import websocket_urlpatterns  # noqa: E402

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
API_PREFIX = "/open311/"

api = WSGIMiddleware(get_wsgi_application(), workers=settings.WEB_THREADS)  # type: ignore[arg-type]


def goes_to_the_pool(scope: Scope) -> bool:
    """An Open311 request whose body, if any, has a length given up front."""
    if not scope["path"].startswith(API_PREFIX):
        return False
    return scope["method"] in ("GET", "HEAD") or any(name == b"content-length" for name, _ in scope["headers"])


async def http(scope: Scope, receive: Receive, send: Send) -> None:
    handler = api if goes_to_the_pool(scope) else pages
    await handler(scope, receive, send)  # type: ignore[arg-type]


application = ProtocolTypeRouter({
    "http": http,
    "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
})
