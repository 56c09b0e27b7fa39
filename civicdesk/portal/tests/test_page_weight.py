"""Fast on a phone: reporting a problem weighs under 300 KB on a first visit, measured in Chromium and printed.

The count is every byte Chromium receives (headers and bodies as sent, including what the service worker
fetches to keep offline) with an empty cache until the network is idle. Static files are served gzip-compressed,
as WhiteNoise serves them in production (CompressedManifestStaticFilesStorage); pages are not compressed.
The uncompressed size is printed beside it.
"""

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware
from django.test.testcases import LiveServerThread

from civicdesk.conftest import City

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUDGET_BYTES = 300 * 1024


class CompressedStaticFilesHandler(StaticFilesHandler):
    """The test server's static files, compressed like WhiteNoise compresses them in production."""

    def get_response(self, request: HttpRequest) -> HttpResponseBase:
        response = super().get_response(request)
        return GZipMiddleware(lambda _request: response).process_response(request, response)


@pytest.fixture
def production_like_server() -> Iterator[str]:
    server = LiveServerThread("127.0.0.1", CompressedStaticFilesHandler)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.terminate()


@pytest.fixture
def weighed_visit(chromium: Any, production_like_server: str) -> Iterator[tuple[Any, list[dict[str, Any]]]]:
    """A fresh browser (empty cache) that records the size of every response it receives."""
    context = chromium.new_context(base_url=production_like_server, locale="en-US")
    received: list[dict[str, Any]] = []

    def weigh(request: Any) -> None:
        sizes = request.sizes()
        response = request.response()
        from_network = sizes["responseBodySize"] > 0 and response is not None and response.status == 200
        received.append({
            "url": request.url.removeprefix(production_like_server),
            "sent": sizes["responseHeadersSize"] + sizes["responseBodySize"],
            "unpacked": len(response.body()) if from_network else 0,
        })

    context.on("requestfinished", weigh)
    try:
        yield context.new_page(), received
    finally:
        context.close()


def weight_report(title: str, received: list[dict[str, Any]]) -> int:
    total = sum(item["sent"] for item in received)
    unpacked = sum(item["unpacked"] for item in received)
    print(f"\n{title}: {total / 1024:.1f} KB transferred ({unpacked / 1024:.1f} KB uncompressed), "
          f"{len(received)} requests")
    for item in sorted(received, key=lambda item: -item["sent"]):
        print(f"  {item['sent'] / 1024:7.1f} KB  ({item['unpacked'] / 1024:6.1f} KB)  {item['url']}")
    return total


def test_the_report_page_is_under_300_kb_on_first_load(
    weighed_visit: tuple[Any, list[dict[str, Any]]], city: City
) -> None:
    page, received = weighed_visit
    page.goto("/report/", wait_until="networkidle")
    page.evaluate("navigator.serviceWorker.ready")
    page.wait_for_load_state("networkidle")

    total = weight_report("/report/ first load", received)
    assert any(item["url"] == "/report/" for item in received), "the report page itself was not loaded"
    assert total < BUDGET_BYTES, f"/report/ weighs {total / 1024:.1f} KB on first load (budget 300 KB)"


def test_choosing_a_service_and_reaching_the_map_stays_under_300_kb(
    weighed_visit: tuple[Any, list[dict[str, Any]]], city: City
) -> None:
    page, received = weighed_visit
    page.goto("/report/", wait_until="networkidle")
    page.get_by_role("link", name="Pothole").click()
    page.wait_for_url("**/report/location/**")
    page.wait_for_function("document.querySelector('#report-map.leaflet-container') !== null")
    page.wait_for_load_state("networkidle")

    total = weight_report("/report/ then the map step, first visit", received)
    assert any(item["url"].endswith("/leaflet.js") for item in received), "the map step did not load Leaflet"
    assert total < BUDGET_BYTES, f"reaching the map weighs {total / 1024:.1f} KB on a first visit (budget 300 KB)"
