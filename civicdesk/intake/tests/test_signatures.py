"""Only Twilio may drive the text and phone webhooks: every one checks X-Twilio-Signature."""

from typing import Any

import pytest
from django.test import Client

from civicdesk.conftest import City
from civicdesk.contacts.models import Contact
from civicdesk.intake.models import SmsConversation
from civicdesk.intake.tests.conftest import BASE_URL, Twilio, payload, sign

pytestmark = pytest.mark.django_db
WEBHOOKS = [
    ("/intake/sms/", "sms/incoming_text"),
    ("/intake/voice/", "voice/incoming_call"),
    ("/intake/voice/choice/?lang=en", "voice/gather_keys"),
    ("/intake/voice/hold/?lang=en", "voice/queue_wait"),
    ("/intake/voice/queue-result/?lang=en", "voice/queue_result"),
    ("/intake/voice/call-status/", "voice/call_status"),
    ("/intake/voice/dequeued/", "voice/dequeued"),
]


@pytest.mark.parametrize(("path", "fixture"), WEBHOOKS)
def test_a_signed_request_is_answered(city: City, twilio: Twilio, path: str, fixture: str) -> None:
    assert twilio.post(path, payload(fixture)).status_code == 200


@pytest.mark.parametrize(("path", "fixture"), WEBHOOKS)
def test_a_forged_signature_gets_403_and_changes_nothing(city: City, twilio: Twilio, path: str, fixture: str) -> None:
    response = twilio.post(path, payload(fixture), signature=sign(path, payload(fixture), token="not-the-token"))
    assert response.status_code == 403
    assert response.content == b"This address answers only requests signed by Twilio."
    assert not SmsConversation.objects.exists()
    assert not Contact.objects.exists()


def test_a_missing_signature_gets_403(city: City, client: Client) -> None:
    assert client.post("/intake/sms/", payload("sms/incoming_text")).status_code == 403


def test_a_changed_field_breaks_the_signature(city: City, twilio: Twilio) -> None:
    fields = payload("sms/incoming_text")
    signature = sign("/intake/sms/", fields)
    response = twilio.post("/intake/sms/", {**fields, "Body": "something else"}, signature=signature)
    assert response.status_code == 403


def test_the_signature_covers_the_query_string(city: City, twilio: Twilio) -> None:
    fields = payload("voice/gather_keys")
    signature = sign("/intake/voice/choice/?lang=en", fields)
    assert twilio.post("/intake/voice/choice/?lang=es", fields, signature=signature).status_code == 403


def test_the_public_url_comes_from_settings_not_the_host_header(city: City, client: Client) -> None:
    fields = payload("sms/incoming_text")
    response = client.post("/intake/sms/", fields, HTTP_X_TWILIO_SIGNATURE=sign("/intake/sms/", fields),
                           HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_HOST="evil.example")
    assert response.status_code == 200
    assert BASE_URL.startswith("https://")


def test_with_no_auth_token_configured_every_request_is_refused(city: City, twilio: Twilio, settings: Any) -> None:
    settings.TWILIO_AUTH_TOKEN = ""
    assert twilio.post("/intake/sms/", payload("sms/incoming_text")).status_code == 403


def test_get_is_not_a_webhook(city: City, client: Client) -> None:
    assert client.get("/intake/sms/").status_code == 405
