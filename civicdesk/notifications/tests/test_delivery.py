"""Delivery records, retries and "at most once": a failure is stored with its error and shown to staff,
retried with backoff by the periodic sweep until it goes or is given up; a message is sent only after
its change commits, and each event reaches each address once."""

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from civicdesk.accounts.models import User
from civicdesk.accounts.tests.two_factor import verified_client
from civicdesk.conftest import City
from civicdesk.console.tests.conftest import signed_in
from civicdesk.notifications.choices import DeliveryStatus, Medium
from civicdesk.notifications.models import Notification, OptOut
from civicdesk.notifications.services import send_event_notifications
from civicdesk.notifications.tasks import retry_failed_notifications
from civicdesk.notifications.tests.conftest import report
from civicdesk.notifications.tests.fakes import FakeTwilio, SmtpSink, free_port, smtp_sink
from civicdesk.notifications.transports import Email
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import Channel, EventKind, Status
from civicdesk.service_requests.intake import Contact
from civicdesk.service_requests.lifecycle import add_note, close_request

pytestmark = pytest.mark.django_db(transaction=True)

ROSA = Contact(first_name="Rosa", email="rosa@example.org")
ROSA_TEXTING = Contact(first_name="Rosa", phone="+13125550100")


@pytest.fixture
def mail_server_down(settings: Any) -> int:
    """Django's SMTP backend pointed at a port where nothing listens."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", free_port(), False
    return int(settings.EMAIL_PORT)


def sweep(at: Any) -> int:
    return retry_failed_notifications.call(now=at.isoformat())


def test_a_failed_email_is_shown_to_staff_and_retried_until_it_goes(
    city: City, mail_server_down: int, supervisor: User, settings: Any
) -> None:
    request = report(ROSA, Channel.WEB)

    failed = Notification.objects.get(request=request)
    assert (failed.status, failed.attempts, failed.medium) == (DeliveryStatus.FAILED, 1, Medium.EMAIL)
    assert "Mail server unreachable" in failed.error
    assert failed.last_attempt_at is not None and failed.next_attempt_at is not None
    assert timedelta(minutes=1) <= failed.next_attempt_at - failed.last_attempt_at <= timedelta(minutes=1.1)
    page = signed_in(supervisor).get(reverse("console:request", args=[request.public_id])).content.decode()
    assert 'data-testid="notification-error">Mail server unreachable' in page
    assert "1 attempt" in page and "next try" in page
    assert not request.events.filter(kind=EventKind.NOTIFICATION_SENT).exists()

    assert sweep(failed.last_attempt_at + timedelta(seconds=30)) == 0  # not due yet
    with smtp_sink() as sink:
        settings.EMAIL_PORT = sink.port
        assert sweep(failed.next_attempt_at + timedelta(seconds=1)) == 1

    [message] = sink.to("rosa@example.org")
    assert message["Subject"] == f"We received your request {request.public_id}"
    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.error, failed.next_attempt_at) == (DeliveryStatus.SENT, 2, "", None)
    assert request.events.filter(kind=EventKind.NOTIFICATION_SENT).count() == 1


def test_an_address_the_mail_server_refuses_is_not_retried(city: City, mail_server: SmtpSink) -> None:
    mail_server.refuse.add("rosa@example.org")
    request = report(ROSA, Channel.WEB)

    failed = Notification.objects.get(request=request)
    assert failed.status == DeliveryStatus.FAILED and failed.gave_up
    assert failed.error == "The mail server refused the address: 550 5.1.1 No such mailbox"
    assert sweep(timezone.now() + timedelta(days=1)) == 0


def test_a_message_is_given_up_after_the_last_attempt(city: City, mail_server_down: int, settings: Any) -> None:
    settings.NOTIFICATION_MAX_ATTEMPTS = 2
    request = report(ROSA, Channel.WEB)

    assert sweep(timezone.now() + timedelta(minutes=2)) == 1
    failed = Notification.objects.get(request=request)
    assert (failed.status, failed.attempts, failed.gave_up) == (DeliveryStatus.FAILED, 2, True)
    assert sweep(timezone.now() + timedelta(days=1)) == 0


def test_twilio_down_for_a_while_then_back(city: City, twilio: FakeTwilio) -> None:
    twilio.fail_with.append((503, None, "Service Unavailable"))
    request = report(ROSA_TEXTING, Channel.SMS)

    failed = Notification.objects.get(request=request)
    assert (failed.status, failed.medium, failed.gave_up) == (DeliveryStatus.FAILED, Medium.SMS, False)
    assert failed.error == "Twilio 503: Unable to create record: Service Unavailable"
    assert sweep(timezone.now() + timedelta(minutes=2)) == 1

    [text] = twilio.to("+13125550100")
    assert request.public_id in text.body
    failed.refresh_from_db()
    assert failed.status == DeliveryStatus.SENT and failed.external_id.startswith("SM")


def test_twilio_unreachable_is_a_transient_failure(city: City, twilio: FakeTwilio, settings: Any) -> None:
    settings.TWILIO_API_BASE = f"http://127.0.0.1:{free_port()}"
    request = report(ROSA_TEXTING, Channel.SMS)

    failed = Notification.objects.get(request=request)
    assert failed.status == DeliveryStatus.FAILED and not failed.gave_up
    assert failed.error.startswith("Twilio unreachable")


def test_a_number_twilio_reports_unsubscribed_is_opted_out(city: City, twilio: FakeTwilio, as_worker: Actor) -> None:
    twilio.fail_with.append((400, 21610, "Attempt to send to unsubscribed recipient"))
    request = report(ROSA_TEXTING, Channel.SMS)

    failed = Notification.objects.get(request=request)
    assert failed.gave_up
    assert failed.error == "Twilio 400 error 21610: Unable to create record: Attempt to send to unsubscribed recipient"
    assert OptOut.objects.get().address == "+13125550100"
    assert OptOut.objects.get().source == OptOut.Source.PROVIDER
    add_note(request, "Crew on the way", actor=as_worker, channel=Channel.STAFF, is_public=True)
    assert twilio.messages == [] and Notification.objects.count() == 1


def test_each_event_reaches_each_address_once(city: City, as_worker: Actor) -> None:
    request = report(ROSA, Channel.WEB)
    created = request.events.get(kind=EventKind.CREATED)

    assert send_event_notifications(created.pk) == 0  # the task already ran after commit

    assert len(mail.outbox) == 1
    assert Notification.objects.filter(event=created).count() == 1


def test_a_change_that_rolls_back_sends_nothing(city: City, as_worker: Actor) -> None:
    request = report(ROSA, Channel.WEB)
    mail.outbox.clear()

    with pytest.raises(RuntimeError), transaction.atomic():
        close_request(request, resolution="fixed", actor=as_worker, channel=Channel.STAFF)
        raise RuntimeError("the page crashed after closing")

    request.refresh_from_db()
    assert request.status == Status.NEW
    assert mail.outbox == [] and Notification.objects.filter(kind="closed").count() == 0


def test_a_message_a_dead_worker_left_half_sent_goes_out_with_the_sweep(
    city: City, monkeypatch: pytest.MonkeyPatch
) -> None:
    def killed(self: Email, message: Any) -> str:
        raise SystemError("worker killed mid-send")

    with monkeypatch.context() as patch:
        patch.setattr(Email, "send", killed)
        request = report(ROSA, Channel.WEB)
    stuck = Notification.objects.get(request=request)
    assert stuck.status == DeliveryStatus.PENDING and mail.outbox == []

    assert sweep(timezone.now() + timedelta(minutes=5)) == 0  # might still be sending
    assert sweep(timezone.now() + timedelta(minutes=11)) == 1

    assert [message.to for message in mail.outbox] == [["rosa@example.org"]]
    stuck.refresh_from_db()
    assert stuck.status == DeliveryStatus.SENT


def test_a_retry_to_an_address_that_opted_out_meanwhile_is_skipped(city: City, mail_server_down: int) -> None:
    request = report(ROSA, Channel.WEB)
    OptOut.objects.create(address="ROSA@example.org")

    assert sweep(timezone.now() + timedelta(minutes=2)) == 1

    skipped = Notification.objects.get(request=request)
    assert (skipped.status, skipped.attempts, skipped.next_attempt_at) == (DeliveryStatus.SKIPPED, 1, None)
    assert skipped.error == "The resident opted out before this retry."


def test_an_administrator_can_retry_a_given_up_message_at_once(city: City, settings: Any) -> None:
    settings.NOTIFICATION_MAX_ATTEMPTS = 1
    with smtp_sink() as sink:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", free_port(), False
        request = report(ROSA, Channel.WEB)
        failed = Notification.objects.get(request=request)
        assert failed.gave_up
        settings.EMAIL_PORT = sink.port  # the mail server is fixed

        avery = verified_client(User.objects.create_superuser("avery", "avery@city.example", "a-long-passphrase"))
        response = avery.post(reverse("admin:notifications_notification_changelist"),
                              {"action": "retry_now", "_selected_action": [failed.pk]}, follow=True)

    assert "1 message(s) queued for another try." in response.content.decode()
    assert [message["Subject"] for message in sink.to("rosa@example.org")] == [
        f"We received your request {request.public_id}"]
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (DeliveryStatus.SENT, 2)
