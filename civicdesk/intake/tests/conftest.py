"""Twilio, as our webhooks see it: signed POSTs built from the payloads kept beside each adapter.

Signatures are computed with Twilio's own RequestValidator over the public URL, as Twilio does.
Rosa (+1 312 555 0100) texts and calls the city's number.
"""

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client
from twilio.request_validator import RequestValidator

from civicdesk.catalog.models import Article, ServiceType
from civicdesk.catalog.tests.factories import small_knowledge_base
from civicdesk.conftest import City
from civicdesk.intake.social.fake_x import FakeX
from civicdesk.intake.tests.social_support import add_triage_service, connect

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

BASE_URL = "https://311.riverton.example"
AUTH_TOKEN = "riverton-test-auth-token"
ROSA = "+13125550100"
ADAPTERS = Path(__file__).resolve().parent.parent


def payload(name: str, **changes: str) -> dict[str, str]:
    """A recorded webhook payload ("sms/incoming_text", "voice/gather_keys") with some fields changed."""
    channel, file_name = name.split("/")
    fields: dict[str, str] = json.loads((ADAPTERS / channel / "fixtures" / f"{file_name}.json").read_text())
    fields.update(changes)
    return fields


def sign(path: str, fields: dict[str, str], token: str = AUTH_TOKEN) -> str:
    return RequestValidator(token).compute_signature(BASE_URL + path, fields)


class Twilio:
    """Posts signed webhooks the way Twilio does, and reads the TwiML answers."""

    def __init__(self, client: Client) -> None:
        self.client = client

    def post(self, path: str, fields: dict[str, str], *, signature: str | None = None) -> "_MonkeyPatchedWSGIResponse":
        header = sign(path, fields) if signature is None else signature
        return self.client.post(path, fields, HTTP_X_TWILIO_SIGNATURE=header)

    def twiml(self, path: str, fields: dict[str, str]) -> ET.Element:
        response = self.post(path, fields)
        assert response.status_code == 200, response.content
        assert response["Content-Type"].startswith("text/xml")
        return ET.fromstring(response.content)

    def text(self, body: str, *, phone: str = ROSA, **fields: str) -> str:
        """Rosa texts `body`; the reply's text ("" when there is no reply)."""
        root = self.twiml("/intake/sms/", payload("sms/incoming_text", Body=body, From=phone, **fields))
        return "\n".join(message.text or "" for message in root.findall("Message"))

    def call(self, path: str, fixture: str = "voice/gather_keys", **fields: str) -> ET.Element:
        return self.twiml(path, payload(fixture, **fields))


@pytest.fixture(autouse=True)
def twilio_account(settings: Any) -> None:
    settings.TWILIO_AUTH_TOKEN = AUTH_TOKEN
    settings.TWILIO_ACCOUNT_SID = ""
    settings.TWILIO_WEBHOOK_BASE_URL = BASE_URL


@pytest.fixture
def twilio(client: Client) -> Twilio:
    return Twilio(client)


@pytest.fixture
def knowledge_base(city: City) -> dict[str, Article]:
    return small_knowledge_base(city.pothole, city.missed_trash)


def said(root: ET.Element) -> list[str]:
    """Every sentence the TwiML says, in order, Gathers included."""
    return [say.text or "" for say in root.iter("Say")]


def spoken(root: ET.Element) -> str:
    return " ".join(said(root))


@pytest.fixture
def x_api(settings: Any) -> Iterator[FakeX]:
    """The city's X account, wired to a local fake X API for the test."""
    with FakeX() as fake:
        connect(settings, fake)
        yield fake


@pytest.fixture
def triage(city: City) -> ServiceType:
    """The 311 desk's general-inquiry service, shared by the free-text channels."""
    return add_triage_service(city)
