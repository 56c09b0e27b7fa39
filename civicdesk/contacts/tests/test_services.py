"""Recording contacts, counting them, and finding a caller's requests by phone or email."""

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from civicdesk.accounts.models import User
from civicdesk.catalog.tests.factories import ArticleFactory
from civicdesk.conftest import City
from civicdesk.contacts.models import Contact, Outcome
from civicdesk.contacts.services import contact_counts, phone_key, record_contact, requests_of_caller
from civicdesk.contacts.tests.factories import ContactFactory
from civicdesk.service_requests.choices import Channel
from civicdesk.service_requests.models import Follower
from civicdesk.service_requests.tests.factories import ReporterContactFactory, ServiceRequestFactory

pytestmark = pytest.mark.django_db


def test_a_question_answered_with_an_article_is_recorded_without_a_request(call_taker: User) -> None:
    article = ArticleFactory.create(slug="bulk-trash", title="Bulk trash pickup")
    started = timezone.now() - timedelta(minutes=3)

    contact = record_contact(channel=Channel.PHONE, outcome=Outcome.ANSWERED, taken_by=call_taker,
                             started_at=started, article=article, summary="  When do you take old sofas?  ",
                             language="es")

    saved = Contact.objects.get()
    assert saved == contact
    assert (saved.channel, saved.outcome, saved.taken_by, saved.article, saved.request) == (
        "phone", "answered", call_taker, article, None)
    assert (saved.summary, saved.language, saved.started_at) == ("When do you take old sofas?", "es", started)


def test_a_filed_request_brings_its_service(city: City, call_taker: User) -> None:
    request = ServiceRequestFactory.create(service=city.pothole)

    contact = record_contact(channel=Channel.WALK_IN, outcome=Outcome.REQUEST_FILED, taken_by=call_taker,
                             request=request)

    assert (contact.request, contact.service, contact.channel) == (request, city.pothole, "walk_in")


@pytest.mark.parametrize(("fields", "wrong"), [
    ({"channel": "carrier-pigeon", "outcome": Outcome.ANSWERED}, "channel"),
    ({"channel": Channel.PHONE, "outcome": "shrugged"}, "outcome"),
    ({"channel": Channel.PHONE, "outcome": Outcome.REQUEST_FILED}, "request"),
    ({"channel": Channel.PHONE, "outcome": Outcome.STATUS_GIVEN}, "request"),
])
def test_wrong_contacts_are_refused_and_nothing_is_saved(fields: dict[str, Any], wrong: str) -> None:
    with pytest.raises(ValidationError) as refusal:
        record_contact(**fields)

    assert wrong in refusal.value.message_dict
    assert Contact.objects.count() == 0


def test_contacts_are_counted_by_outcome_for_a_period_and_a_call_taker(
    call_taker: User, department_worker: User,
) -> None:
    now = timezone.now()
    ContactFactory.create_batch(3, taken_by=call_taker, started_at=now - timedelta(hours=1))
    ContactFactory.create(taken_by=department_worker, started_at=now - timedelta(hours=1))
    ContactFactory.create(taken_by=call_taker, outcome=Outcome.ABANDONED, started_at=now - timedelta(hours=2))
    ContactFactory.create(taken_by=call_taker, started_at=now - timedelta(days=2))

    mine = contact_counts(since=now - timedelta(days=1), taken_by=call_taker)
    everyone = contact_counts(since=now - timedelta(days=1))
    earlier = contact_counts(since=now - timedelta(days=3), until=now - timedelta(days=1))

    assert mine == {**dict.fromkeys(Outcome.values, 0), "answered": 3, "abandoned": 1}
    assert everyone["answered"] == 4
    assert earlier == {**dict.fromkeys(Outcome.values, 0), "answered": 1}


@pytest.mark.parametrize(("typed", "key"), [
    ("+1 (312) 555-0100", "3125550100"), ("312.555.0100", "3125550100"), ("13125550100", "3125550100"),
    ("555 0100", "5550100"), ("555-01", ""), ("call me", ""),
])
def test_phone_numbers_are_compared_by_their_national_digits(typed: str, key: str) -> None:
    assert phone_key(typed) == key


@pytest.mark.parametrize("typed", ["(312) 555-0100", "+1 312 555 0100", "312.555.0100", "3125550100"])
def test_a_caller_is_found_by_phone_however_either_side_typed_it(city: City, typed: str) -> None:
    reported = ReporterContactFactory.create(phone="+1 312-555-0100", request__service=city.pothole).request
    followed = ServiceRequestFactory.create(service=city.missed_trash)
    Follower.objects.create(request=followed, phone="(312) 555 0100", channel=Channel.PHONE)
    ReporterContactFactory.create(phone="+1 312 555 0199", email="someone@example.org")
    ReporterContactFactory.create(phone="+44 20 3125 5501 00", email="far@example.org")

    assert requests_of_caller(phone=typed) == ([reported], [followed])


def test_a_caller_is_found_by_email_in_any_case(city: City) -> None:
    reported = ReporterContactFactory.create(email="Rosa@Example.org").request
    followed = ServiceRequestFactory.create(service=city.missed_trash)
    Follower.objects.create(request=followed, email="rosa@example.org", channel=Channel.WEB)

    assert requests_of_caller(email=" ROSA@example.org ") == ([reported], [followed])
    assert requests_of_caller(email="") == ([], [])
    assert requests_of_caller(phone="12") == ([], [])
