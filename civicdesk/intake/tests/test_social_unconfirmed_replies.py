"""An answer X took but never confirmed (no answer in time, the connection lost, a 5xx) may have reached the
resident: it is recorded as unconfirmed, staff are told to check X, and the next try looks for it on X before
sending anything, so Jane and Rosa never get the same answer twice. A clear refusal (4xx) may simply be retried."""

import socket
from typing import Any

import pytest

from civicdesk.accounts.models import User
from civicdesk.catalog.models import ServiceType
from civicdesk.conftest import City
from civicdesk.console.tests.conftest import signed_in
from civicdesk.intake.social.fake_x import FakeX
from civicdesk.intake.social.models import SocialPost
from civicdesk.intake.social.services import ingest
from civicdesk.intake.tests.social_support import CITY_ACCOUNT_ID, JANES_MENTION, ROSAS_MESSAGE, filed_from
from civicdesk.service_requests.choices import Channel, EventKind
from civicdesk.service_requests.models import RequestEvent, ServiceRequest

pytestmark = pytest.mark.django_db
POSTS, MESSAGES = "/2/tweets", "/messages"  # where replies and direct messages are sent
OWN_POSTS = f"/2/users/{CITY_ACCOUNT_ID}/tweets"  # where the city's own replies are looked for
ROSAS_CONVERSATION = "/2/dm_conversations/with/99887766/dm_events"  # where its messages to Rosa are looked for


@pytest.fixture
def janes_request(city: City, triage: ServiceType, x_api: FakeX) -> ServiceRequest:
    ingest()
    return filed_from(JANES_MENTION)


@pytest.fixture
def rosas_request(city: City, triage: ServiceType, x_api: FakeX) -> ServiceRequest:
    ingest()
    return filed_from(ROSAS_MESSAGE)


def _reply(user: User, request: ServiceRequest, text: str) -> Any:
    return signed_in(user).post(f"/intake/social/requests/{request.public_id}/reply/", {"text": text})


def _message(user: User, request: ServiceRequest, text: str) -> Any:
    return signed_in(user).post(f"/intake/social/requests/{request.public_id}/message/", {"text": text})


def _notes(request: ServiceRequest) -> list[tuple[str, bool, str, User | None]]:
    return [(event.note, event.is_public, event.channel, event.actor_user)
            for event in RequestEvent.objects.filter(request=request, kind=EventKind.NOTE)]


def _lookups(x_api: FakeX, path: str) -> int:
    return sum(call.method == "GET" and call.path == path for call in x_api.calls)


def test_a_reply_x_took_without_answering_in_time_is_recorded_as_unconfirmed_and_never_posted_twice(
    janes_request: ServiceRequest, call_taker: User, x_api: FakeX, settings: Any
) -> None:
    settings.X_TIMEOUT_SECONDS = 1
    x_api.lose_next_answer(POSTS)  # X posts it, but its answer comes after CivicDesk stopped waiting

    response = _reply(call_taker, janes_request, "We are on it.")

    assert response.status_code == 400
    page = response.content.decode()
    assert ("X did not confirm the reply (No answer from X: ReadTimeout): it may have been posted. Check the "
            "conversation on X before you send it again") in page
    assert 'data-action="social_reply"' in page and "We are on it." in page  # the form again, the text kept
    assert len(x_api.posted) == 1
    full = x_api.posted[0]["text"]
    [(note, is_public, channel, actor)] = _notes(janes_request)
    assert (is_public, channel, actor) == (False, Channel.SOCIAL, call_taker)
    assert note.startswith("Sent to X, which did not confirm it (No answer from X: ReadTimeout): it may have "
                           "reached the resident. Check X before sending it again.") and note.endswith(full)
    post = SocialPost.objects.get(external_id=JANES_MENTION)
    assert (post.unconfirmed_reply_text, post.replied_at) == (full, None)
    request_page = signed_in(call_taker).get(f"/staff/requests/{janes_request.public_id}/").content.decode()
    assert 'data-testid="social-unconfirmed"' in request_page and "was not confirmed by X" in request_page

    # Carla presses the button again: CivicDesk finds the reply on X, records it and posts nothing.
    console = signed_in(call_taker)
    again = console.post(f"/intake/social/requests/{janes_request.public_id}/reply/", {"text": "We are on it."})

    assert again.status_code == 302
    assert len(x_api.posted) == 1 and _lookups(x_api, OWN_POSTS) == 1
    assert _notes(janes_request)[1] == (full, True, Channel.SOCIAL, call_taker)
    post.refresh_from_db()
    assert (post.reply_external_id, post.reply_text, post.unconfirmed_reply_text, post.unconfirmed_reply_at) == (
        "1860340131475734530", full, "", None)
    request_page = console.get(f"/staff/requests/{janes_request.public_id}/").content.decode()
    assert "Your reply is posted on X." in request_page and 'data-testid="social-unconfirmed"' not in request_page


def test_a_direct_message_whose_connection_dropped_is_not_sent_twice(
    rosas_request: ServiceRequest, call_taker: User, x_api: FakeX
) -> None:
    x_api.lose_next_answer(MESSAGES, hang_up=True)  # X sends it, then the connection drops before its answer

    response = _message(call_taker, rosas_request, "Hi Rosa, the crew comes Tuesday.")

    assert response.status_code == 400
    assert ("X did not confirm the message (No answer from X: ConnectionError): it may have been sent."
            in response.content.decode())
    assert len(x_api.messaged) == 1
    full = x_api.messaged[0][1]["text"]
    assert [(is_public, actor) for _note, is_public, _channel, actor in _notes(rosas_request)] == [
        (False, call_taker)]

    assert _message(call_taker, rosas_request, "Hi Rosa, the crew comes Tuesday.").status_code == 302

    assert len(x_api.messaged) == 1 and _lookups(x_api, ROSAS_CONVERSATION) == 1
    assert _notes(rosas_request)[1] == (full, False, Channel.SOCIAL, call_taker)
    answered = SocialPost.objects.get(external_id=ROSAS_MESSAGE)
    assert (answered.reply_external_id, answered.unconfirmed_reply_at) == ("1860341200011223344", None)


def test_when_x_shows_no_earlier_reply_the_next_try_posts_it(
    janes_request: ServiceRequest, call_taker: User, x_api: FakeX
) -> None:
    x_api.fail_next(POSTS, 503)  # a server error: X may or may not have posted it (here it did not)

    response = _reply(call_taker, janes_request, "We are on it.")

    assert response.status_code == 400 and "X did not confirm the reply (X answered 503.)" in response.content.decode()
    assert x_api.posted == []
    assert _reply(call_taker, janes_request, "We are on it.").status_code == 302
    assert len(x_api.posted) == 1 and _lookups(x_api, OWN_POSTS) == 1
    assert [is_public for _note, is_public, _channel, _actor in _notes(janes_request)] == [False, True]


def test_another_text_after_an_unconfirmed_reply_is_sent_only_when_asked_again(
    janes_request: ServiceRequest, call_taker: User, x_api: FakeX
) -> None:
    x_api.lose_next_answer(POSTS, hang_up=True)
    assert _reply(call_taker, janes_request, "We are on it.").status_code == 400
    first = x_api.posted[0]["text"]

    x_api.fail_next(OWN_POSTS, 503)
    unchecked = _reply(call_taker, janes_request, "A crew comes Monday.")
    assert unchecked.status_code == 400
    assert ("CivicDesk could not check on X whether the earlier answer reached the resident (X answered 503.), so "
            "nothing was sent.") in unchecked.content.decode()
    assert len(x_api.posted) == 1

    found = _reply(call_taker, janes_request, "A crew comes Monday.")
    assert found.status_code == 400
    assert "The earlier answer reached the resident after all" in found.content.decode()
    assert len(x_api.posted) == 1
    assert [(note, is_public) for note, is_public, _channel, _actor in _notes(janes_request)][1:] == [(first, True)]

    assert _reply(call_taker, janes_request, "A crew comes Monday.").status_code == 302
    assert [posted["text"].split(" Request ")[0] for posted in x_api.posted] == ["We are on it.",
                                                                                 "A crew comes Monday."]


def test_a_clear_refusal_records_nothing_and_may_be_tried_again(
    janes_request: ServiceRequest, call_taker: User, x_api: FakeX
) -> None:
    x_api.fail_next(POSTS, 403, fixture="unauthorized.json")

    refused = _reply(call_taker, janes_request, "We are on it.")

    assert refused.status_code == 400
    assert "X did not post the reply: X refused it (403): Unauthorized" in refused.content.decode()
    assert _notes(janes_request) == []
    assert SocialPost.objects.get(external_id=JANES_MENTION).unconfirmed_reply_at is None
    assert _reply(call_taker, janes_request, "We are on it.").status_code == 302
    assert len(x_api.posted) == 1 and _lookups(x_api, OWN_POSTS) == 0


def test_when_x_cannot_be_reached_nothing_was_sent_and_it_is_a_plain_failure(
    janes_request: ServiceRequest, call_taker: User, settings: Any
) -> None:
    with socket.socket() as closed:  # a port nobody listens on: the connection is refused
        closed.bind(("127.0.0.1", 0))
        settings.X_API_BASE = f"http://127.0.0.1:{closed.getsockname()[1]}/2"

    response = _reply(call_taker, janes_request, "We are on it.")

    assert response.status_code == 400
    assert "X did not post the reply: No answer from X: ConnectionError" in response.content.decode()
    assert _notes(janes_request) == []
    assert SocialPost.objects.get(external_id=JANES_MENTION).unconfirmed_reply_at is None


def test_a_confirmed_reply_is_posted_once_without_looking_on_x(
    janes_request: ServiceRequest, call_taker: User, x_api: FakeX
) -> None:
    assert _reply(call_taker, janes_request, "We are on it.").status_code == 302
    assert [call.method for call in x_api.calls if call.path in (POSTS, OWN_POSTS)] == ["POST"]
    assert [is_public for _note, is_public, _channel, _actor in _notes(janes_request)] == [True]
