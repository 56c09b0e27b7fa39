"""Rosa reports in real headless Chromium: JS off, JS on with the map, following a duplicate, keyboard only."""

import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from PIL import Image

from civicdesk.conftest import WEST_POINT, City
from civicdesk.service_requests.choices import Status
from civicdesk.service_requests.models import Follower, ServiceRequest
from civicdesk.service_requests.tests.factories import ServiceRequestFactory
from civicdesk.service_requests.tests.photo_files import exif_of, jpeg_with_gps
from civicdesk.testing.browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



@pytest.fixture
def page_without_js(chromium: Any, live_server: Any) -> Iterator[Any]:
    context = chromium.new_context(base_url=live_server.url, locale="en-US", java_script_enabled=False)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def choose(page: Any, label: str) -> None:
    """Click a USWDS radio or checkbox by its label, as a person does (the input itself is drawn off-screen)."""
    page.locator("label", has_text=label).click()


def tracking_number(page: Any) -> str:
    return str(page.locator("[data-tracking-number]").inner_text()).strip()


def test_with_javascript_off_a_typed_address_gets_a_tracking_number(page_without_js: Any, city: City) -> None:
    page = page_without_js
    page.goto("/report/")
    page.get_by_role("link", name="Pothole").click()
    assert page.locator("#report-map").is_hidden()  # no script: no map, the address box does the work
    page.get_by_label("Address").fill("999 Nowhere Blvd")
    page.get_by_role("button", name="Continue").click()
    assert "We could not find" in page.locator("#address-error").inner_text()
    page.get_by_label("Address").fill("120 N Main St")
    page.get_by_role("button", name="Continue").click()
    choose(page, "Large")
    page.get_by_label("Describe the problem").fill("Hole by the school gate")
    page.get_by_label("Email").fill("rosa@example.org")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Check your report").wait_for()
    page.get_by_role("button", name="Send report").click()

    filed = ServiceRequest.objects.get()
    assert tracking_number(page) == filed.public_id
    assert (filed.address, filed.answers, filed.channel) == ("120 N Main St", {"size": "large"}, "web")


def test_with_javascript_a_pin_answers_and_a_photo_are_filed(page: Any, city: City, tmp_path: Any) -> None:
    photo = tmp_path / "IMG_0001.jpg"
    photo.write_bytes(jpeg_with_gps(size=(2400, 1800)))
    page.goto("/report/")
    assert_accessible(page)
    page.get_by_role("link", name="Pothole").click()
    page.locator(".leaflet-container").wait_for()
    assert_accessible(page)
    box = page.locator("#report-map").bounding_box()
    page.locator("#report-map").click(position={"x": box["width"] * 0.4, "y": box["height"] / 2})
    page.get_by_text("Pin placed").wait_for()
    lat = float(page.locator("input[name=lat]").input_value())
    lon = float(page.locator("input[name=lon]").input_value())
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Tell us about the problem").wait_for()
    assert_accessible(page)
    choose(page, "Medium")
    choose(page, "Right")
    page.get_by_label("Depth in inches").fill("3.5")
    page.get_by_label("Describe the problem").fill("Hole in the right lane")
    page.locator("input[name=photos]").set_input_files(str(photo))
    choose(page, "Stay anonymous")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Check your report").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Send report").click()
    page.locator("[data-tracking-number]").wait_for()
    assert_accessible(page)

    filed = ServiceRequest.objects.get()
    assert tracking_number(page) == filed.public_id
    assert filed.lat is not None and filed.lon is not None
    assert (round(filed.lat, 6), round(filed.lon, 6)) == (round(lat, 6), round(lon, 6))
    assert city.west.pk in {district.pk for district in filed.districts.all()}
    assert filed.answers == {"size": "medium", "lanes": ["right"], "depth": 3.5}
    stored = filed.photos.get()
    with stored.image.open("rb") as image_file:
        data = image_file.read()
    assert exif_of(data) == {}
    with Image.open(io.BytesIO(data)) as image:
        assert max(image.size) == 1600


def test_an_open_request_nearby_is_followed_instead(page: Any, city: City) -> None:
    existing = ServiceRequestFactory.create(service=city.pothole, lat=WEST_POINT[0], lon=WEST_POINT[1] + 0.0004,
                                            description="Pothole at the crosswalk", status=Status.ACKNOWLEDGED)
    page.goto("/report/?service=pothole")
    page.get_by_label("Address").fill("120 N Main St")
    page.get_by_role("button", name="Continue").click()
    choose(page, "Small")
    choose(page, "Stay anonymous")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Already reported nearby?").wait_for()
    assert_accessible(page)
    page.get_by_label("Email for updates").fill("rosa@example.org")
    page.get_by_role("button", name=f"Follow this instead (request {existing.public_id})").click()

    page.locator("[data-tracking-number]").wait_for()
    assert tracking_number(page) == existing.public_id
    assert_accessible(page)
    assert Follower.objects.get(request=existing).email == "rosa@example.org"
    assert ServiceRequest.objects.count() == 1


def press_tab_until(page: Any, selector: str, limit: int = 60) -> None:
    """Tab forward until the focused element matches the selector (the way a keyboard user moves)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_the_whole_report_by_keyboard_alone(page: Any, city: City) -> None:
    page.goto("/report/")
    press_tab_until(page, "a[href*='service=pothole']")
    page.keyboard.press("Enter")
    page.locator(".leaflet-container").wait_for()
    press_tab_until(page, "input[name=address]")
    page.keyboard.type("455 E Oak Ave")
    press_tab_until(page, "main button[type=submit]")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Tell us about the problem").wait_for()

    press_tab_until(page, "input[name=q_size]")
    page.keyboard.press("Space")  # the first choice: Small
    press_tab_until(page, "input[name=q_lanes][value=bike]")
    page.keyboard.press("Space")
    press_tab_until(page, "textarea[name=description]")
    page.keyboard.type("Keyboard report")
    press_tab_until(page, "input[name=email]")
    page.keyboard.type("kim@example.org")
    press_tab_until(page, "main button[type=submit]")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Check your report").wait_for()
    press_tab_until(page, "main button[type=submit]")
    page.keyboard.press("Enter")
    page.locator("[data-tracking-number]").wait_for()

    filed = ServiceRequest.objects.get()
    assert tracking_number(page) == filed.public_id
    assert filed.address == "455 E Oak Ave"
    assert filed.answers == {"size": "small", "lanes": ["bike"]}
    assert filed.reporter.email == "kim@example.org"



def test_a_spanish_speaker_reports_in_spanish(chromium: Any, live_server: Any, city: City) -> None:
    """The browser asks for Spanish: every step speaks Spanish and the request records the resident's language."""
    context = chromium.new_context(base_url=live_server.url, locale="es-MX", java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        page.goto("/report/")
        assert page.locator("html").get_attribute("lang") == "es"
        page.get_by_role("link", name="Bache").click()
        page.get_by_label("Dirección").fill("120 N Main St")
        page.get_by_role("button", name="Continuar").click()
        choose(page, "Large")
        page.get_by_label("Describa el problema").fill("Un bache enorme frente a la escuela")
        page.get_by_label(re.compile("Correo electrónico")).first.fill("lupe@example.org")
        page.get_by_role("button", name="Continuar").click()
        page.get_by_role("heading", name="Revise su reporte").wait_for()
        page.get_by_role("button", name="Enviar reporte").click()

        filed = ServiceRequest.objects.get()
        assert tracking_number(page) == filed.public_id
        assert (filed.language, filed.channel, filed.reporter.email) == ("es", "web", "lupe@example.org")
    finally:
        context.close()


def test_typing_an_address_offers_the_citys_matching_addresses(page: Any, city: City) -> None:
    page.goto("/report/")
    page.get_by_role("link", name="Pothole").click()
    page.get_by_label("Address").press_sequentially("455 E O")

    page.wait_for_function("document.querySelectorAll('#address-suggestions option').length > 0")
    offered = page.eval_on_selector_all("#address-suggestions option", "options => options.map(o => o.value)")
    assert "455 E Oak Ave" in offered and all("455" in address for address in offered)
