"""Staff answer a report that came by direct message with a private direct message: sent to its sender on X,
kept as an internal note, never posted in public."""

from typing import Any

import pytest

from civicdesk.accounts.models import User
from civicdesk.accounts.tests.factories import StaffFactory
from civicdesk.catalog.models import ServiceType
from civicdesk.conftest import City
from civicdesk.console.tests.conftest import signed_in
from civicdesk.intake.social.fake_x import FakeX
from civicdesk.intake.social.models import SocialPost
from civicdesk.intake.social.services import ingest
from civicdesk.intake.tests.social_support import JANES_MENTION, ROSAS_MESSAGE, disconnect, filed_from
from civicdesk.service_requests.choices import Channel, EventKind
from civicdesk.service_requests.models import RequestEvent, ServiceRequest

pytestmark = pytest.mark.django_db
ROSAS_X_ID = "99887766"  # the sender of ROSAS_MESSAGE in the recorded dm_events.json


@pytest.fixture
def rosas_request(city: City, triage: ServiceType, x_api: FakeX) -> ServiceRequest:
    """Rosa's street light, reported by direct message."""
    ingest()
    return filed_from(ROSAS_MESSAGE)


def _message(user: User, request: ServiceRequest, text: str) -> Any:
    return signed_in(user).post(f"/intake/social/requests/{request.public_id}/message/", {"text": text})


def _notes(request: ServiceRequest) -> list[RequestEvent]:
    return list(RequestEvent.objects.filter(request=request, kind=EventKind.NOTE))


def test_a_call_taker_answers_a_direct_message_privately_and_it_is_kept_as_an_internal_note(
    rosas_request: ServiceRequest, call_taker: User, x_api: FakeX, settings: Any, client: Any
) -> None:
    page = signed_in(call_taker).get(f"/staff/requests/{rosas_request.public_id}/").content.decode()
    assert 'data-action="social_message"' in page and 'data-action="social_reply"' not in page

    # Private: a name and an address may be in it (a public reply refuses both).
    text = "Hi Rosa, a crew will fix the light at 1520 W Oak St this week."
    response = _message(call_taker, rosas_request, text)

    assert response.status_code == 302 and response["Location"] == f"/staff/requests/{rosas_request.public_id}/"
    link = f"{settings.SITE_URL}/track/{rosas_request.public_id}/"
    sent = f"{text} Request {rosas_request.public_id}: {link}"
    assert x_api.messaged == [(ROSAS_X_ID, {"text": sent})]
    assert x_api.posted == []  # nothing public
    assert [call.authorization for call in x_api.calls if call.method == "POST"] == ["Bearer user-context-token"]
    [note] = _notes(rosas_request)
    assert (note.note, note.is_public, note.channel, note.actor_user) == (sent, False, Channel.SOCIAL, call_taker)
    answered = SocialPost.objects.get(external_id=ROSAS_MESSAGE)
    assert answered.replied_at is not None and answered.reply_external_id == "1860341200011223344"
    # The public page never shows it.
    public = client.get(f"/track/{rosas_request.public_id}/")
    assert public.status_code == 200 and "crew will fix" not in public.content.decode()


def test_a_longer_message_keeps_its_lines(rosas_request: ServiceRequest, call_taker: User, x_api: FakeX) -> None:
    assert _message(call_taker, rosas_request, "Hi Rosa,\r\n\r\nthe crew comes   Tuesday.\n").status_code == 302
    [(_, body)] = x_api.messaged
    assert body["text"].startswith(f"Hi Rosa,\n\nthe crew comes Tuesday. Request {rosas_request.public_id}: ")


def test_a_mention_is_not_answered_by_direct_message(
    city: City, triage: ServiceType, x_api: FakeX, call_taker: User
) -> None:
    ingest()
    janes = filed_from(JANES_MENTION)

    response = _message(call_taker, janes, "We are on it.")

    assert response.status_code == 400 and "did not come from a direct message" in response.content.decode()
    assert x_api.messaged == [] and _notes(janes) == []


def test_not_connected_empty_too_long_or_refused_by_x_sends_and_records_nothing(
    rosas_request: ServiceRequest, call_taker: User, x_api: FakeX, settings: Any
) -> None:
    assert _message(call_taker, rosas_request, "").status_code == 400
    assert _message(call_taker, rosas_request, "x" * 2001).status_code == 400

    x_api.fail_next("/dm_conversations/", 403, fixture="unauthorized.json")
    refused = _message(call_taker, rosas_request, "We are on it.")
    assert refused.status_code == 400 and "X did not send the message" in refused.content.decode()
    assert 'data-action="social_message"' in refused.content.decode()  # the form again, to try once more

    disconnect(settings)
    page = signed_in(call_taker).get(f"/staff/requests/{rosas_request.public_id}/").content.decode()
    assert "X account is not connected" in page and "/message/" not in page
    offline = _message(call_taker, rosas_request, "We are on it.")
    assert offline.status_code == 400 and "messages cannot be sent" in offline.content.decode()

    assert x_api.messaged == [] and _notes(rosas_request) == []
    assert SocialPost.objects.get(external_id=ROSAS_MESSAGE).replied_at is None


def test_who_may_not_write_a_public_note_may_not_send_one(
    rosas_request: ServiceRequest, x_api: FakeX, client: Any
) -> None:
    resident = StaffFactory.create(username="resident-ana", role="resident")
    assert _message(resident, rosas_request, "Hello").status_code == 403
    signed_out = client.post(f"/intake/social/requests/{rosas_request.public_id}/message/", {"text": "Hi"})
    assert signed_out.status_code == 302 and signed_out["Location"].startswith("/staff/login/")
    assert x_api.messaged == [] and _notes(rosas_request) == []


def test_an_unknown_tracking_number_is_404(call_taker: User, x_api: FakeX, db: None) -> None:
    response = signed_in(call_taker).post("/intake/social/requests/ZZZZ-ZZZZ/message/", {"text": "Hi"})
    assert response.status_code == 404
