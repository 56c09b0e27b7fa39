"""The notification tests' outside world, all local: an SMTP sink behind Django's SMTP backend and a fake
Twilio behind the real `twilio` client. Plus Sam, a supervisor who hears about overdue requests."""

from collections.abc import Iterator
from typing import Any

import pytest

from civicdesk.accounts.models import Role, User
from civicdesk.accounts.tests.factories import StaffFactory
from civicdesk.conftest import WEST_POINT
from civicdesk.notifications.tests.fakes import FakeTwilio, SmtpSink, fake_twilio, smtp_sink
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.intake import Contact, Submission, file_request
from civicdesk.service_requests.models import ServiceRequest

TWILIO_SID = "AC" + "0" * 32
CITY_NUMBER = "+13125550311"


@pytest.fixture
def mail_server(settings: Any) -> Iterator[SmtpSink]:
    """Real SMTP: Django's SMTP backend talks to a local aiosmtpd sink."""
    with smtp_sink() as sink:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
        settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = False, "", ""
        yield sink


@pytest.fixture
def twilio(settings: Any) -> Iterator[FakeTwilio]:
    """Real HTTP: the `twilio` client talks to a local fake of Twilio's Messages API."""
    with fake_twilio() as server:
        settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN = TWILIO_SID, "test-auth-token"
        settings.TWILIO_FROM_NUMBER, settings.TWILIO_API_BASE = CITY_NUMBER, server.base_url
        yield server


@pytest.fixture
def supervisor(db: None) -> User:
    return StaffFactory.create(username="sam", first_name="Sam", role=Role.SUPERVISOR, email="sam@city.example")


def report(contact: Contact, channel: str, language: str = "en", follow: str = "") -> ServiceRequest:
    """A resident reports the pothole by the school (or, with `follow`, follows that request)."""
    submission = Submission(service_code="pothole", channel=channel, description="Deep hole by the school",
                            lat=WEST_POINT[0], lon=WEST_POINT[1], answers={"size": "large"}, contact=contact,
                            language=language, follow_request_id=follow)
    return file_request(submission, actor=Actor.resident()).request
