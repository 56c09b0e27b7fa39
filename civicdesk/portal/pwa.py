"""The installable app: web manifest, service worker and offline page."""

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils.translation import get_language, gettext

THEME_COLOR = "#1a4480"
SERVICE_WORKER_TEMPLATE = Path(__file__).parent / "templates" / "portal" / "sw.js"
# Files every page needs, cached when the service worker installs so pages opened before still look right offline.
SHELL_ASSETS = (
    "build/uswds.css",
    "css/civicdesk.css",
    "portal/app.js",
    "img/civicdesk-icon.svg",
    "build/icons/icon-192.png",
    "fonts/source-sans-pro/sourcesanspro-regular-webfont.woff2",
    "fonts/source-sans-pro/sourcesanspro-bold-webfont.woff2",
    "fonts/merriweather/Latin-Merriweather-Bold.woff2",
)
APP_ICONS = ((192, "build/icons/icon-192.png"), (512, "build/icons/icon-512.png"))


def _url_or(name: str, fallback: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return fallback


def manifest(request: HttpRequest) -> JsonResponse:
    """What the phone needs to install the portal as an app that opens on the report form."""
    icons = [
        {"src": static(icon), "sizes": f"{size}x{size}", "type": "image/png", "purpose": purpose}
        for size, icon in APP_ICONS
        for purpose in ("any", "maskable")
    ]
    data = {
        "name": f"{settings.CITY_NAME} 311",
        "short_name": f"{settings.CITY_NAME.removeprefix('City of ')} 311",
        "description": gettext("Report a problem to the city, find answers and track your requests."),
        "lang": get_language() or settings.LANGUAGE_CODE,
        "id": "/",
        "start_url": _url_or("portal:report", "/") + "?app=1",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOR,
        "icons": icons,
    }
    return JsonResponse(data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})


def _file_digest(static_path: str) -> str:
    found = finders.find(static_path)
    if not found:
        return "missing"
    return hashlib.sha256(Path(str(found)).read_bytes()).hexdigest()


@lru_cache(maxsize=1)
def _shell_version_cached() -> str:
    return _shell_version_now()


def _shell_version_now() -> str:
    digest = hashlib.sha256(SERVICE_WORKER_TEMPLATE.read_bytes())
    for asset in SHELL_ASSETS:
        digest.update(_file_digest(asset).encode())
    return digest.hexdigest()[:12]


def shell_version() -> str:
    """Changes whenever the worker or a shell file changes, so browsers install the new worker and drop old caches."""
    return _shell_version_now() if settings.DEBUG else _shell_version_cached()


def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, served from the root so its scope is the whole site."""
    context = {
        "version": shell_version(),
        "shell": json.dumps([static(asset) for asset in SHELL_ASSETS]),
        "pages": json.dumps([_url_or("portal:home", "/")]),
        "offline_url": json.dumps(reverse("portal:offline")),
        "static_url": json.dumps(settings.STATIC_URL),
    }
    response = render(request, "portal/sw.js", context, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


def offline(request: HttpRequest) -> HttpResponse:
    """Shown by the service worker when the resident opens a page it has not kept and there is no network."""
    return render(request, "portal/offline.html", {"report_url": _url_or("portal:report", "")})


urlpatterns: list[URLPattern] = [
    path("manifest.webmanifest", manifest, name="manifest"),
    path("sw.js", service_worker, name="service_worker"),
    path("offline/", offline, name="offline"),
]
