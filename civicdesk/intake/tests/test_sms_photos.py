"""Rosa sends a photo of the pothole by MMS: copied from Twilio's media host (here a local server), or kept
as a link when the host is not on the allow-list. A photo that cannot be fetched never loses the report."""

import io
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from PIL import Image

from civicdesk.conftest import City
from civicdesk.intake.tests.conftest import Twilio, payload
from civicdesk.service_requests.models import ServiceRequest

pytestmark = pytest.mark.django_db


def _jpeg_with_location() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Rosa's phone"  # camera maker: personal data a public photo must not carry
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 90, 60)).save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


class MediaStore(BaseHTTPRequestHandler):
    """Twilio's media store, as far as a fetch sees it."""

    photo = _jpeg_with_location()

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "image/jpeg")
        self.send_header("Content-Length", str(len(self.photo)))
        self.end_headers()
        self.wfile.write(self.photo)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def media_host() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), MediaStore)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _report_up_to_the_photo(twilio: Twilio) -> None:
    for text in ("pothole", "1", "120 N Main St", "YES", "1"):
        twilio.text(text)


def test_a_photo_from_the_allow_listed_host_is_copied_without_its_metadata(
    city: City, twilio: Twilio, media_host: str, settings: Any
) -> None:
    settings.SMS_MEDIA_FETCH_HOSTS = [media_host]
    _report_up_to_the_photo(twilio)
    root = twilio.twiml("/intake/sms/", payload("sms/incoming_photo", MediaUrl0=f"http://{media_host}/Media/ME1"))

    filed = ServiceRequest.objects.get()
    assert filed.public_id in (root.findtext("Message") or "")
    photo = filed.photos.get()
    assert photo.url == ""
    with photo.image.open("rb") as stored:
        image = Image.open(stored)
        assert image.size == (64, 48)
        assert not image.getexif()


def test_a_photo_elsewhere_is_kept_as_a_link(city: City, twilio: Twilio, settings: Any) -> None:
    settings.SMS_MEDIA_FETCH_HOSTS = []
    _report_up_to_the_photo(twilio)
    twilio.twiml("/intake/sms/", payload("sms/incoming_photo"))

    photo = ServiceRequest.objects.get().photos.get()
    assert photo.url.startswith("https://api.twilio.com/2010-04-01/Accounts/")
    assert not photo.image


def test_a_photo_that_cannot_be_fetched_does_not_lose_the_report(
    city: City, twilio: Twilio, media_host: str, settings: Any
) -> None:
    settings.SMS_MEDIA_FETCH_HOSTS = ["127.0.0.1:9"]  # nothing listens on the discard port
    _report_up_to_the_photo(twilio)
    twilio.twiml("/intake/sms/", payload("sms/incoming_photo", MediaUrl0="http://127.0.0.1:9/Media/ME2"))

    filed = ServiceRequest.objects.get()
    assert not filed.photos.exists()
