"""Staff answer a social media report with a public reply: posted to X, recorded, never with personal data."""

from typing import Any

import pytest

from civicdesk.accounts.models import Role, User
from civicdesk.accounts.tests.factories import StaffFactory
from civicdesk.catalog.models import ServiceType
from civicdesk.conftest import City
from civicdesk.console.tests.conftest import signed_in
from civicdesk.intake.social.fake_x import FakeX
from civicdesk.intake.social.models import SocialPost
from civicdesk.intake.social.services import ingest
from civicdesk.intake.tests.social_support import (
    JANES_MENTION,
    MARCUS_MENTION,
    ROSAS_MESSAGE,
    disconnect,
    filed_from,
)
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import Channel, EventKind
from civicdesk.service_requests.intake import Submission, file_request
from civicdesk.service_requests.models import RequestEvent, ServiceRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def janes_request(city: City, triage: ServiceType, x_api: FakeX) -> ServiceRequest:
    """Jane's missed trash mention, filed and routed to Sanitation."""
    ingest()
    request = filed_from(JANES_MENTION)
    assert request.department == city.sanitation
    return request


@pytest.fixture
def sofia(city: City) -> User:
    """Sofia works in Sanitation, the department of Jane's request."""
    worker = StaffFactory.create(username="sofia", first_name="Sofia", role=Role.DEPARTMENT_STAFF)
    worker.departments.add(city.sanitation)
    return worker


def _reply(user: User, request: ServiceRequest, text: str) -> Any:
    return signed_in(user).post(f"/intake/social/requests/{request.public_id}/reply/", {"text": text})


def test_a_department_worker_replies_in_public_with_the_tracking_number(
    janes_request: ServiceRequest, sofia: User, x_api: FakeX, settings: Any
) -> None:
    console = signed_in(sofia)
    response = console.post(f"/intake/social/requests/{janes_request.public_id}/reply/",
                            {"text": "Thanks! Sanitation will pick it up tomorrow."})
    assert response.status_code == 302 and response["Location"] == f"/staff/requests/{janes_request.public_id}/"
    link = f"{settings.SITE_URL}/track/{janes_request.public_id}/"
    expected = f"Thanks! Sanitation will pick it up tomorrow. Request {janes_request.public_id}: {link}"
    assert x_api.posted == [{"text": expected, "reply": {"in_reply_to_tweet_id": JANES_MENTION}}]
    assert [call.authorization for call in x_api.calls if call.method == "POST"] == ["Bearer user-context-token"]
    post = SocialPost.objects.get(external_id=JANES_MENTION)
    assert post.reply_external_id == "1860340131475734530" and post.replied_at is not None
    note = RequestEvent.objects.get(request=janes_request, kind=EventKind.NOTE)
    assert (note.note, note.is_public, note.channel, note.actor_user) == (expected, True, Channel.SOCIAL, sofia)
    page = console.get(f"/staff/requests/{janes_request.public_id}/").content.decode()
    assert "Your reply is posted on X." in page and expected in page


@pytest.mark.parametrize(("text", "what"), [
    ("Jane, we emailed you at jane.q@example.org", "an email address"),
    ("Call us back on (312) 555-0199 for details", "a phone number"),
    ("Call +1 312 555 0199", "a phone number"),
    ("The crew is coming to 455 E Oak Ave today", "a street address"),
    ("The crew will be at 12 West Elm Street", "a street address"),
    ("Thanks @jane_on_main, on it", "an @handle"),
    ("Thanks jane_on_main, on it", "name or handle"),
])
def test_a_reply_with_personal_data_is_refused_and_nothing_is_posted(
    janes_request: ServiceRequest, sofia: User, x_api: FakeX, text: str, what: str
) -> None:
    response = _reply(sofia, janes_request, text)
    assert response.status_code == 400
    page = response.content.decode()
    assert "A public reply must not contain personal data." in page and what in page
    assert text in page  # kept in the form to correct
    assert x_api.posted == []
    assert not RequestEvent.objects.filter(request=janes_request, kind=EventKind.NOTE).exists()
    assert SocialPost.objects.get(external_id=JANES_MENTION).replied_at is None


def test_the_tracking_number_and_dates_are_not_taken_for_phone_numbers(
    janes_request: ServiceRequest, sofia: User, x_api: FakeX
) -> None:
    assert _reply(sofia, janes_request, "Scheduled for 2026-11-24, crew 7 will be there.").status_code == 302
    assert len(x_api.posted) == 1


@pytest.mark.parametrize("role", [Role.CALL_TAKER, Role.SUPERVISOR, Role.ADMINISTRATOR])
def test_call_takers_supervisors_and_administrators_may_reply(
    janes_request: ServiceRequest, x_api: FakeX, role: str
) -> None:
    user = StaffFactory.create(username=f"staff-{role}", role=role)
    assert _reply(user, janes_request, "We are on it.").status_code == 302
    assert len(x_api.posted) == 1


def test_staff_of_another_department_and_residents_may_not_reply(
    janes_request: ServiceRequest, department_worker: User, x_api: FakeX
) -> None:
    dave = _reply(department_worker, janes_request, "We are on it.")  # Public Works, not Sanitation
    assert dave.status_code == 403
    assert "belongs to a department you do not work in" in dave.content.decode()
    resident = StaffFactory.create(username="resident-rosa", role="resident")
    assert _reply(resident, janes_request, "We are on it.").status_code == 403
    assert x_api.posted == []
    assert not RequestEvent.objects.filter(request=janes_request, kind=EventKind.NOTE).exists()


def test_signed_out_visitors_are_sent_to_sign_in(janes_request: ServiceRequest, client: Any, x_api: FakeX) -> None:
    response = client.post(f"/intake/social/requests/{janes_request.public_id}/reply/", {"text": "Hi"})
    assert response.status_code == 302 and response["Location"].startswith("/staff/login/")
    assert x_api.posted == []


def test_the_request_page_shows_the_reply_box_to_whoever_may_reply(
    janes_request: ServiceRequest, sofia: User, call_taker: User
) -> None:
    for user in (sofia, call_taker):
        page = signed_in(user).get(f"/staff/requests/{janes_request.public_id}/").content.decode()
        assert 'data-testid="social-reply"' in page
        assert f'action="/intake/social/requests/{janes_request.public_id}/reply/"' in page
    # Nor is the handle on the page outside the resident's contact details.
    assert page.count("jane_on_main") == 1


def test_not_connected_the_box_says_so_and_a_reply_is_refused(
    janes_request: ServiceRequest, sofia: User, x_api: FakeX, settings: Any
) -> None:
    disconnect(settings)
    page = signed_in(sofia).get(f"/staff/requests/{janes_request.public_id}/").content.decode()
    assert "X account is not connected, so replies cannot be posted" in page and "/reply/" not in page
    response = _reply(sofia, janes_request, "We are on it.")
    assert response.status_code == 400 and "not connected" in response.content.decode()
    assert x_api.posted == []


def test_a_refusal_from_x_is_a_form_error_and_nothing_is_recorded(
    janes_request: ServiceRequest, sofia: User, x_api: FakeX
) -> None:
    x_api.fail_next("/tweets", 403, fixture="unauthorized.json")
    response = _reply(sofia, janes_request, "We are on it.")
    assert response.status_code == 400 and "X did not post the reply" in response.content.decode()
    assert not RequestEvent.objects.filter(request=janes_request, kind=EventKind.NOTE).exists()


def test_a_direct_message_has_no_public_post_to_answer(
    city: City, triage: ServiceType, x_api: FakeX, call_taker: User
) -> None:
    ingest()
    rosas = filed_from(ROSAS_MESSAGE)
    page = signed_in(call_taker).get(f"/staff/requests/{rosas.public_id}/").content.decode()
    assert "there is no public post to reply to" in page
    response = _reply(call_taker, rosas, "We are on it.")
    assert response.status_code == 400 and "did not come from a public post" in response.content.decode()
    assert x_api.posted == []


def test_an_empty_or_too_long_reply_is_a_form_error(janes_request: ServiceRequest, sofia: User,
                                                    x_api: FakeX) -> None:
    assert _reply(sofia, janes_request, "").status_code == 400
    assert _reply(sofia, janes_request, "x" * 201).status_code == 400
    assert x_api.posted == []


def test_requests_from_other_channels_have_no_reply_box(city: City, triage: ServiceType, x_api: FakeX,
                                                        call_taker: User) -> None:
    web = file_request(Submission(service_code=triage.service_code, channel=Channel.WEB, description="Question"),
                       actor=Actor.resident()).request
    page = signed_in(call_taker).get(f"/staff/requests/{web.public_id}/").content.decode()
    assert 'data-testid="social-reply"' not in page
    response = _reply(call_taker, web, "Hi")
    assert response.status_code == 400 and "did not come from a public post" in response.content.decode()
    assert x_api.posted == []


def test_a_reply_to_a_spanish_post_names_the_request_in_spanish(city: City, triage: ServiceType, x_api: FakeX,
                                                                 call_taker: User, settings: Any) -> None:
    x_api.mentions["data"][1]["text"] = "@RivertonCity311 hola, hay basura en la calle desde el lunes"
    ingest()
    request = filed_from(MARCUS_MENTION)
    assert request.language == "es" and request.service == triage
    assert _reply(call_taker, request, "Gracias, lo revisamos.").status_code == 302
    assert x_api.posted[0]["text"] == (f"Gracias, lo revisamos. Solicitud {request.public_id}: "
                                       f"{settings.SITE_URL}/track/{request.public_id}/")
