"""Mail received by a provider (Postmark here) and posted to django-anymail's inbound webhook is filed like
mail received by our own listener; a post without the shared secret changes nothing."""

import base64
import json
from typing import Any

import pytest
from django.test import Client

from civicdesk.conftest import City
from civicdesk.intake.tests.email_samples import FIXTURES, photo_bytes
from civicdesk.service_requests.choices import Channel
from civicdesk.service_requests.models import ServiceRequest

pytestmark = pytest.mark.django_db
URL = "/intake/email/anymail/postmark/inbound/"
SECRET = "postmark:riverton-inbound-secret"


@pytest.fixture
def webhook_secret(settings: Any) -> None:
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}


def postmark_payload(**changes: Any) -> dict[str, Any]:
    payload: dict[str, Any] = json.loads((FIXTURES / "postmark_inbound.json").read_text())
    payload.update(changes)
    return payload


def post(client: Client, payload: dict[str, Any], secret: str = SECRET) -> Any:
    auth = "Basic " + base64.b64encode(secret.encode()).decode()
    return client.post(URL, json.dumps(payload), content_type="application/json", HTTP_AUTHORIZATION=auth)


@pytest.mark.usefixtures("webhook_secret")
def test_a_postmark_inbound_email_is_filed(city: City, client: Client) -> None:
    response = post(client, postmark_payload())

    assert response.status_code == 200
    request = ServiceRequest.objects.get()
    assert request.channel == Channel.EMAIL
    assert request.reporter.email == "luis.ortega@example.com"
    assert request.reporter.first_name == "Luis"
    assert request.address == "455 E Oak Ave"
    assert request.department == city.triage  # a pothole needs its size: the triage desk asks
    assert "deep pothole in the right lane" in request.description
    assert "iPhone" not in request.description


@pytest.mark.usefixtures("webhook_secret")
def test_a_postmark_attachment_becomes_a_photo(city: City, client: Client) -> None:
    attachment = {"Name": "pothole.jpg", "Content": base64.b64encode(photo_bytes()).decode(),
                  "ContentType": "image/jpeg", "ContentLength": 1000, "ContentID": ""}
    post(client, postmark_payload(Subject="Missed trash pickup", Attachments=[attachment],
                                  TextBody="Not picked up at 120 N Main St.", HtmlBody=""))

    request = ServiceRequest.objects.get()
    assert request.service == city.missed_trash
    assert request.photos.count() == 1


@pytest.mark.usefixtures("webhook_secret")
def test_a_post_without_the_secret_files_nothing(city: City, client: Client) -> None:
    response = post(client, postmark_payload(), secret="postmark:guessed")

    assert response.status_code in (400, 401, 403)
    assert not ServiceRequest.objects.exists()



def test_without_a_configured_secret_every_post_is_refused(city: City, client: Client, settings: Any) -> None:
    assert settings.ANYMAIL["WEBHOOK_SECRET"].startswith("closed:")  # ANYMAIL_WEBHOOK_SECRET is not set here

    response = post(client, postmark_payload())

    assert response.status_code == 400
    assert not ServiceRequest.objects.exists()
