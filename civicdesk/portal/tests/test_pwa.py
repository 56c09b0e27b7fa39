"""The installable app: manifest, service worker, offline page, offline drafts and photos resized on the device."""

import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from PIL import Image

from civicdesk.portal.frontend import TRIMMED_CSS, build_frontend, trim_stylesheet
from civicdesk.portal.pwa import SHELL_ASSETS
from civicdesk.portal.tests import pwa_urls

DRAFT_FORM = "/test/draft-form/"


@pytest.mark.django_db
def test_the_manifest_makes_the_portal_installable(client: Client) -> None:
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "City of Riverton 311"
    assert manifest["short_name"] == "Riverton 311"
    assert manifest["start_url"] == "/report/?app=1"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#1a4480"
    assert {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]} == {
        ("192x192", "any"), ("192x192", "maskable"), ("512x512", "any"), ("512x512", "maskable"),
    }
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix(settings.STATIC_URL)), f"{icon['src']} is not a static file"


def test_the_icons_are_real_pngs_of_their_size() -> None:
    for icon in build_frontend(force=False).icons:
        with Image.open(icon) as image:
            assert image.format == "PNG"
            assert image.size[0] == image.size[1] == int(icon.stem.removeprefix("icon-"))


@pytest.mark.django_db
def test_the_service_worker_is_served_from_the_root_for_the_whole_site(client: Client) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    script = response.content.decode()
    assert 'const OFFLINE_URL = "/offline/";' in script
    for asset in SHELL_ASSETS:
        assert f'"/static/{asset}"' in script
        assert finders.find(asset), f"{asset} is in the shell but is not a static file"


@pytest.mark.django_db
def test_every_page_links_the_manifest_and_loads_the_app_script(client: Client) -> None:
    page = client.get("/track/").text
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert '<meta name="theme-color" content="#1a4480">' in page
    assert '<script src="/static/portal/app.js" data-service-worker="/sw.js" defer></script>' in page
    assert '<a class="usa-skipnav" href="#main-content">' in page


def test_trimming_keeps_only_rules_whose_classes_are_used() -> None:
    css = (
        '@font-face{font-family:"Kept Sans";src:url(a.woff2)}@font-face{font-family:"Unused Serif";src:url(b.woff2)}'
        "html{font-family:Kept Sans,sans-serif}.usa-button,.usa-card{color:red}.usa-card__body{margin:0}"
        "@media (min-width:40em){.usa-card{padding:1rem}.tablet\\:grid-col-6{width:50%}}"
        "[type=file]{border:0}.usa-button:not(.usa-button--big):hover{color:blue}.usa-nav .usa-button{top:0}"
    )
    trimmed = trim_stylesheet(css, used={"usa-button", "tablet:grid-col-6"})
    assert trimmed == (
        '@font-face{font-family:"Kept Sans";src:url(a.woff2)}'
        "html{font-family:Kept Sans,sans-serif}.usa-button{color:red}"
        "@media (min-width:40em){.tablet\\:grid-col-6{width:50%}}"
        "[type=file]{border:0}.usa-button:not(.usa-button--big):hover{color:blue}"
    )


def test_the_trimmed_uswds_stylesheet_is_small_and_has_what_the_pages_use() -> None:
    report = build_frontend()
    css = TRIMMED_CSS.read_text()
    assert report.trimmed_bytes < 150_000 < report.source_bytes, f"trimmed USWDS is {report.trimmed_bytes} bytes"
    for selector in (".usa-button{", ".usa-skipnav{", ".grid-container{", ".usa-alert--warning", ".usa-input{"):
        assert selector in css, f"{selector} was trimmed away"


# --- In the browser ---------------------------------------------------------------------------------


@pytest.fixture
def draft_site(settings: Any) -> Iterator[list[dict[str, object]]]:
    """The site plus the test-only draft form; yields what that form received."""
    settings.ROOT_URLCONF = "civicdesk.portal.tests.pwa_urls"
    pwa_urls.RECEIVED.clear()
    yield pwa_urls.RECEIVED
    pwa_urls.RECEIVED.clear()


def a_big_photo() -> dict[str, Any]:
    out = io.BytesIO()
    Image.new("RGB", (4000, 3000), (90, 140, 60)).save(out, format="PNG")
    return {"name": "pothole.png", "mimeType": "image/png", "buffer": out.getvalue()}


def wait_for_service_worker(page: Any) -> str:
    return str(page.evaluate("navigator.serviceWorker.ready.then((registration) => registration.active.scriptURL)"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_browser_installs_the_service_worker_and_shows_the_offline_page(page: Any) -> None:
    page.goto("/track/")
    assert wait_for_service_worker(page).endswith("/sw.js")
    assert page.evaluate("navigator.serviceWorker.ready.then((registration) => registration.scope)").endswith("/")
    manifest = page.evaluate("fetch(document.querySelector('link[rel=manifest]').href).then((r) => r.json())")
    assert manifest["start_url"] == "/report/?app=1"
    page.reload()  # now the worker controls the page, and keeps what it loads

    page.context.set_offline(True)
    page.goto("/track/")
    assert page.locator("h1").inner_text() == "Track a request"  # a page opened before still works
    page.goto("/help/never-opened-before/")
    assert page.locator("h1").inner_text() == "You are offline"
    assert "Pages you opened before still work." in page.locator("main").inner_text()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_draft_survives_a_reload_and_is_sent_when_back_online(page: Any, draft_site: list[dict[str, object]]) -> None:
    page.goto(DRAFT_FORM)
    wait_for_service_worker(page)
    page.get_by_label("Name").fill("Rosa")
    page.get_by_label("Description").fill("Deep hole by the school")
    page.get_by_label("Large").check()
    page.reload()
    assert page.get_by_label("Name").input_value() == "Rosa"
    assert page.get_by_label("Description").input_value() == "Deep hole by the school"
    assert page.get_by_label("Large").is_checked()
    assert "We filled in the answers you started earlier" in page.get_by_role("status").first.inner_text()

    page.get_by_label("Photo").set_input_files(a_big_photo())
    page.wait_for_function("document.getElementById('photo').dataset.resized === '1'")
    page.context.set_offline(True)
    page.get_by_role("button", name="Send").click()
    page.get_by_text("You are offline. Your report is saved on this device").wait_for()
    assert draft_site == []

    page.context.set_offline(False)
    page.get_by_text("Your saved report was sent.").wait_for()
    assert draft_site == [{
        "name": "Rosa", "description": "Deep hole by the school", "size": "large",
        "photo": (1600, 1200), "photo_type": "image/jpeg",
    }]
    page.get_by_role("link", name="See what happened next").click()
    assert page.locator("#received").inner_text() == "Received 1"
    assert page.get_by_label("Name").input_value() == ""  # the draft was forgotten once it was sent


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_photos_are_resized_on_the_device_before_upload(page: Any, draft_site: list[dict[str, object]]) -> None:
    page.goto(DRAFT_FORM)
    page.get_by_label("Name").fill("Rosa")
    page.get_by_label("Photo").set_input_files(a_big_photo())
    page.wait_for_function("document.getElementById('photo').dataset.resized === '1'")
    chosen = page.evaluate("(([file]) => [file.name, file.type])(document.getElementById('photo').files)")
    assert chosen == ["pothole.jpg", "image/jpeg"]
    page.get_by_role("button", name="Send").click()
    page.wait_for_url("**/test/draft-form/?received=1")
    assert draft_site[0]["photo"] == (1600, 1200)
