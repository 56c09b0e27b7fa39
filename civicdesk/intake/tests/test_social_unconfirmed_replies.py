"""Every answer to X is claimed on its post before X is called, so Jane and Rosa never get it twice: not on a double
click, not from two staff members at once, not after X never confirmed it (no answer in time, the connection lost,
a 5xx, a 2xx without an id) nor after a crash between sending and recording. Staff then look on X and say whether
it is there. A clear refusal (4xx, no connection made) releases the claim and may simply be tried again."""

import re
import socket
from collections.abc import Iterator
from datetime import datetime, timedelta
from html import unescape
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from civicdesk.accounts.models import Role, User
from civicdesk.accounts.tests.factories import StaffFactory
from civicdesk.catalog.models import ServiceType
from civicdesk.conftest import City
from civicdesk.console.tests.conftest import signed_in
from civicdesk.intake.social.client import XClient
from civicdesk.intake.social.fake_x import FakeX
from civicdesk.intake.social.models import PostKind, SocialPost
from civicdesk.intake.social.services import (
    ReplyRefused,
    ReplyUnconfirmed,
    answers,
    ingest,
    post_public_reply,
    settle_unconfirmed_answer,
)
from civicdesk.intake.tests.social_support import JANES_MENTION, ROSAS_MESSAGE, filed_from
from civicdesk.service_requests.choices import Channel, EventKind
from civicdesk.service_requests.models import RequestEvent, ServiceRequest

pytestmark = pytest.mark.django_db
POSTS, MESSAGES = "/2/tweets", "/messages"  # where replies and direct messages are sent
STILL_UNCONFIRMED = "Nothing was sent: an earlier answer, sent at {at} by {who}, may have reached the resident."


@pytest.fixture
def janes_request(city: City, triage: ServiceType, x_api: FakeX) -> ServiceRequest:
    ingest()
    return filed_from(JANES_MENTION)


@pytest.fixture
def rosas_request(city: City, triage: ServiceType, x_api: FakeX) -> ServiceRequest:
    ingest()
    return filed_from(ROSAS_MESSAGE)


@pytest.fixture
def sam(db: None) -> User:
    """Sam, a supervisor, checks X after Carla's answer went unconfirmed."""
    return StaffFactory.create(username="sam", first_name="Sam", last_name="Ortiz", role=Role.SUPERVISOR)


def _reply(user: User, request: ServiceRequest, text: str) -> Any:
    return signed_in(user).post(f"/intake/social/requests/{request.public_id}/reply/", {"text": text})


def _message(user: User, request: ServiceRequest, text: str) -> Any:
    return signed_in(user).post(f"/intake/social/requests/{request.public_id}/message/", {"text": text})


def _checked(user: User, request: ServiceRequest, on_x: str, action: str = "reply") -> Any:
    """Press a button of the check form the request's page shows, with the claim that form names."""
    form = re.search(rf'data-action="social_{action}_checked">.*?name="claim" value="([^"]+)"', _page(user, request),
                     re.S)
    assert form is not None, "the page offers no check of an unconfirmed answer"
    return signed_in(user).post(f"/intake/social/requests/{request.public_id}/{action}/checked-on-x/",
                                {"on_x": on_x, "claim": unescape(form.group(1))}, follow=True)


def _page(user: User, request: ServiceRequest) -> str:
    return str(signed_in(user).get(f"/staff/requests/{request.public_id}/").content.decode())


def _notes(request: ServiceRequest) -> list[tuple[str, bool, str, User | None]]:
    return [(event.note, event.is_public, event.channel, event.actor_user)
            for event in RequestEvent.objects.filter(request=request, kind=EventKind.NOTE).order_by("pk")]


def _claim(external_id: str) -> tuple[str, datetime | None, User | None]:
    post = SocialPost.objects.get(external_id=external_id)
    return post.unconfirmed_reply_text, post.unconfirmed_reply_at, post.unconfirmed_reply_by


def _at(moment: datetime | None) -> str:
    assert moment is not None
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


@pytest.fixture
def lost_reply(janes_request: ServiceRequest, call_taker: User, x_api: FakeX) -> Iterator[str]:
    """Carla's reply "We are on it." reached X, which hung up before answering; the text X got."""
    x_api.lose_next_answer(POSTS, hang_up=True)
    assert _reply(call_taker, janes_request, "We are on it.").status_code == 400
    [posted] = x_api.posted
    yield posted["text"]


def test_a_reply_x_took_without_answering_in_time_is_unconfirmed_and_the_next_press_sends_nothing(
    janes_request: ServiceRequest, call_taker: User, x_api: FakeX, settings: Any
) -> None:
    settings.X_TIMEOUT_SECONDS = 1
    x_api.lose_next_answer(POSTS)  # X posts it, but its answer comes after CivicDesk stopped waiting

    response = _reply(call_taker, janes_request, "We are on it.")

    assert response.status_code == 400
    page = response.content.decode()
    assert ("X did not confirm the reply (No answer from X: ReadTimeout): it may have been posted. Check the "
            "conversation on X, then say below whether it is there.") in page
    assert 'data-testid="social-unconfirmed-reply"' in page and ">It is on X</button>" in page
    assert "<fieldset class=\"usa-fieldset\" disabled>" in page and "We are on it." in page  # kept, not sendable
    [posted] = x_api.posted
    full = posted["text"]
    text, claimed_at, sender = _claim(JANES_MENTION)
    assert (text, sender) == (full, call_taker) and claimed_at is not None
    [(note, is_public, channel, actor)] = _notes(janes_request)
    assert (is_public, channel, actor) == (False, Channel.SOCIAL, call_taker)
    assert note.startswith("Sent to X, which did not confirm it (No answer from X: ReadTimeout): it may have "
                           "reached the resident.") and note.endswith(full)

    request_page = _page(call_taker, janes_request)
    assert 'data-testid="social-unconfirmed-reply"' in request_page and full in request_page
    assert ">It is on X</button>" in request_page and ">It is not on X</button>" in request_page
    assert f"sent at {_at(claimed_at)} by {call_taker}" in request_page
    assert 'data-action="social_reply"' not in request_page  # no answer form while it is unconfirmed

    again = _reply(call_taker, janes_request, "We are on it.")

    assert again.status_code == 400
    assert STILL_UNCONFIRMED.format(at=_at(claimed_at), who=call_taker) in again.content.decode()
    assert len(x_api.posted) == 1 and len(_notes(janes_request)) == 1
    assert _claim(JANES_MENTION) == (full, claimed_at, call_taker)


def test_it_is_on_x_records_the_reply_as_sent_by_whoever_sent_it_when_they_sent_it(
    janes_request: ServiceRequest, call_taker: User, sam: User, x_api: FakeX, lost_reply: str
) -> None:
    _text, claimed_at, _sender = _claim(JANES_MENTION)

    response = _checked(sam, janes_request, "yes")

    assert response.redirect_chain == [(f"/staff/requests/{janes_request.public_id}/", 302)]
    page = response.content.decode()
    assert "Recorded: the answer is on X." in page and 'data-testid="social-unconfirmed-reply"' not in page
    assert 'data-action="social_reply"' in page  # the answer form is back
    post = SocialPost.objects.get(external_id=JANES_MENTION)
    assert (post.replied_at, post.reply_text, post.reply_external_id) == (claimed_at, lost_reply, "")
    assert _claim(JANES_MENTION) == ("", None, None)
    assert _notes(janes_request)[1:] == [
        (lost_reply, True, Channel.SOCIAL, call_taker),  # public, credited to Carla who sent it
        (f"{sam} checked X: the answer sent at {_at(claimed_at)} is there.", False, Channel.SOCIAL, sam),
    ]
    assert len(x_api.posted) == 1


def test_a_direct_message_on_x_is_recorded_as_an_internal_note(
    rosas_request: ServiceRequest, call_taker: User, sam: User, x_api: FakeX
) -> None:
    x_api.lose_next_answer(MESSAGES, hang_up=True)  # X sends it, then the connection drops before its answer
    response = _message(call_taker, rosas_request, "Hi Rosa, the crew comes Tuesday.")
    assert response.status_code == 400
    assert ("X did not confirm the message (No answer from X: ConnectionError): it may have been sent."
            in response.content.decode())
    [(_recipient, body)] = x_api.messaged
    assert 'data-testid="social-unconfirmed-message"' in _page(call_taker, rosas_request)

    assert _checked(sam, rosas_request, "yes", action="message").status_code == 200

    assert _notes(rosas_request)[1] == (body["text"], False, Channel.SOCIAL, call_taker)
    assert SocialPost.objects.get(external_id=ROSAS_MESSAGE).reply_text == body["text"]
    assert _claim(ROSAS_MESSAGE) == ("", None, None) and len(x_api.messaged) == 1


def test_it_is_not_on_x_releases_the_claim_and_the_next_press_sends_it(
    janes_request: ServiceRequest, call_taker: User, sam: User, x_api: FakeX
) -> None:
    x_api.fail_next(POSTS, 503)  # a server error: X may or may not have posted it (here it did not)
    response = _reply(call_taker, janes_request, "We are on it.")
    assert response.status_code == 400 and "X did not confirm the reply (X answered 503.)" in response.content.decode()
    _text, claimed_at, _sender = _claim(JANES_MENTION)
    assert x_api.posted == [] and claimed_at is not None

    checked = _checked(sam, janes_request, "no")

    assert "Recorded: the answer is not on X. You can send it again." in checked.content.decode()
    assert _claim(JANES_MENTION) == ("", None, None)
    assert SocialPost.objects.get(external_id=JANES_MENTION).replied_at is None
    assert _notes(janes_request)[1] == (
        f"{sam} checked X: the answer sent at {_at(claimed_at)} is not there; it can be sent again.",
        False, Channel.SOCIAL, sam)

    assert _reply(call_taker, janes_request, "We are on it.").status_code == 302
    assert len(x_api.posted) == 1
    assert _notes(janes_request)[2][1:] == (True, Channel.SOCIAL, call_taker)


def test_a_second_press_while_the_first_is_still_being_sent_sends_nothing(
    janes_request: ServiceRequest, call_taker: User, sam: User, x_api: FakeX
) -> None:
    refusals: list[str] = []

    class DoubleClick(XClient):
        """While Carla's reply is on its way to X, Sam presses the button too, and then tries to settle it."""

        def post_reply(self, in_reply_to_id: str, text: str) -> str:
            try:
                post_public_reply(janes_request, "A crew comes Monday.", user=sam, client=XClient())
            except ReplyUnconfirmed as refusal:
                refusals.append(str(refusal))
            page = _page(sam, janes_request)
            assert "is on its way to X" in page and "It is not on X" not in page
            claimed_at = _claim(JANES_MENTION)[1]
            assert claimed_at is not None
            with pytest.raises(ReplyRefused, match="The answer is being sent to X now"):
                settle_unconfirmed_answer(janes_request, PostKind.MENTION, claimed_at=claimed_at, on_x=False, user=sam)
            return super().post_reply(in_reply_to_id, text)

    post_public_reply(janes_request, "We are on it.", user=call_taker, client=DoubleClick())

    [posted] = x_api.posted
    assert posted["text"].startswith("We are on it.")
    [refusal] = refusals
    assert refusal.startswith("Nothing was sent: an answer sent at ") and f" by {call_taker} is on its way" in refusal
    assert [(is_public, actor) for _note, is_public, _channel, actor in _notes(janes_request)] == [(True, call_taker)]
    assert _claim(JANES_MENTION) == ("", None, None)


def test_a_press_while_a_colleagues_answer_holds_the_claim_sends_nothing_and_offers_the_check(
    janes_request: ServiceRequest, call_taker: User, sam: User, x_api: FakeX
) -> None:
    claimed_at = timezone.now()
    SocialPost.objects.filter(external_id=JANES_MENTION).update(
        unconfirmed_reply_text="Sam's reply", unconfirmed_reply_at=claimed_at, unconfirmed_reply_by=sam,
        unconfirmed_problem="No answer from X: ReadTimeout")

    response = _reply(call_taker, janes_request, "We are on it.")

    assert response.status_code == 400
    page = response.content.decode()
    assert STILL_UNCONFIRMED.format(at=_at(claimed_at), who=sam) in page
    assert "Sam's reply" in unescape(page) and ">It is not on X</button>" in page
    assert x_api.posted == [] and _notes(janes_request) == []
    assert _claim(JANES_MENTION) == ("Sam's reply", claimed_at, sam)


def test_a_crash_between_sending_and_recording_leaves_the_claim_so_nothing_is_sent_again(
    janes_request: ServiceRequest, call_taker: User, x_api: FakeX, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(*args: Any, **kwargs: Any) -> SocialPost:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(answers, "_record_answer", crash)
    with pytest.raises(RuntimeError, match="the database went away"):
        post_public_reply(janes_request, "We are on it.", user=call_taker)
    monkeypatch.undo()

    [posted] = x_api.posted
    text, claimed_at, sender = _claim(JANES_MENTION)
    assert (text, sender) == (posted["text"], call_taker) and claimed_at is not None
    again = _reply(call_taker, janes_request, "We are on it.")
    assert again.status_code == 400 and "is on its way to X" in again.content.decode()  # no outcome: it may be
    # Once longer ago than a send can last, the claim is from a process that stopped: staff may check X.
    SocialPost.objects.filter(external_id=JANES_MENTION).update(unconfirmed_reply_at=claimed_at - timedelta(minutes=2))
    later = _reply(call_taker, janes_request, "We are on it.")
    assert later.status_code == 400 and "Nothing was sent: an earlier answer" in later.content.decode()
    assert len(x_api.posted) == 1 and _notes(janes_request) == []
    _checked(call_taker, janes_request, "yes")
    assert [note for note, *_ in _notes(janes_request)][0] == posted["text"]


def test_an_answer_is_never_claimed_inside_a_longer_transaction(
    janes_request: ServiceRequest, call_taker: User, x_api: FakeX
) -> None:
    # The claim must be committed before X is called, or a colleague would not see it and a crash would lose it.
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        post_public_reply(janes_request, "We are on it.", user=call_taker)
    assert x_api.posted == []


def test_a_clear_refusal_releases_the_claim_and_may_be_tried_again(
    janes_request: ServiceRequest, call_taker: User, x_api: FakeX
) -> None:
    x_api.fail_next(POSTS, 403, fixture="unauthorized.json")

    refused = _reply(call_taker, janes_request, "We are on it.")

    assert refused.status_code == 400
    page = refused.content.decode()
    assert "X did not post the reply: X refused it (403): Unauthorized" in page
    assert 'data-testid="social-unconfirmed-reply"' not in page
    assert _notes(janes_request) == [] and _claim(JANES_MENTION) == ("", None, None)
    assert _reply(call_taker, janes_request, "We are on it.").status_code == 302
    assert len(x_api.posted) == 1


@pytest.mark.parametrize(("base", "problem"), [
    ("refused", "No answer from X: ConnectionError"),  # a port nobody listens on
    ("api.x.example/2", "No answer from X: MissingSchema"),  # never built: no scheme
])
def test_when_x_was_never_reached_nothing_was_sent_and_it_is_a_plain_failure(
    janes_request: ServiceRequest, call_taker: User, settings: Any, base: str, problem: str
) -> None:
    if base == "refused":
        with socket.socket() as closed:
            closed.bind(("127.0.0.1", 0))
            base = f"http://127.0.0.1:{closed.getsockname()[1]}/2"
    settings.X_API_BASE = base

    response = _reply(call_taker, janes_request, "We are on it.")

    assert response.status_code == 400
    assert f"X did not post the reply: {problem}" in response.content.decode()
    assert _notes(janes_request) == [] and _claim(JANES_MENTION) == ("", None, None)


@pytest.mark.parametrize(("status", "text", "problem"), [
    (201, "", "X answered without a post id: {'title': 'Error', 'status': 201}"),
    (200, "<html>Service busy</html>", "X answered with something that is not JSON."),
])
def test_a_yes_from_x_that_names_no_post_is_unconfirmed(
    janes_request: ServiceRequest, call_taker: User, x_api: FakeX, status: int, text: str, problem: str
) -> None:
    x_api.fail_next(POSTS, status, text=text)

    response = _reply(call_taker, janes_request, "We are on it.")

    assert response.status_code == 400
    assert f"X did not confirm the reply ({problem}): it may have been posted." in unescape(response.content.decode())
    assert _claim(JANES_MENTION)[2] == call_taker
    [(note, is_public, _channel, _actor)] = _notes(janes_request)
    assert f"({problem})" in note and not is_public


def test_there_is_nothing_to_check_when_no_answer_is_unconfirmed(
    janes_request: ServiceRequest, call_taker: User, x_api: FakeX
) -> None:
    with pytest.raises(ReplyRefused, match="No answer is waiting to be checked on X: nothing was changed."):
        settle_unconfirmed_answer(janes_request, PostKind.MENTION, claimed_at=timezone.now(), on_x=True,
                                  user=call_taker)

    response = signed_in(call_taker).post(f"/intake/social/requests/{janes_request.public_id}/reply/checked-on-x/",
                                          {"on_x": "yes", "claim": timezone.now().isoformat()}, follow=True)

    assert response.status_code == 200
    assert "No answer is waiting to be checked on X: nothing was changed." in response.content.decode()
    assert _notes(janes_request) == [] and SocialPost.objects.get(external_id=JANES_MENTION).replied_at is None


def test_only_staff_who_may_answer_the_request_check_x(
    janes_request: ServiceRequest, call_taker: User, department_worker: User, client: Any, lost_reply: str
) -> None:
    claim = _claim(JANES_MENTION)
    path = f"/intake/social/requests/{janes_request.public_id}/reply/checked-on-x/"

    dave = signed_in(department_worker).post(path, {"on_x": "no"})  # Public Works, not Sanitation
    assert dave.status_code == 403 and "belongs to a department you do not work in" in dave.content.decode()
    resident = StaffFactory.create(username="resident-rosa", role="resident")
    assert signed_in(resident).post(path, {"on_x": "no"}).status_code == 403
    signed_out = client.post(path, {"on_x": "no"})
    assert signed_out.status_code == 302 and signed_out["Location"].startswith("/staff/login/")
    assert signed_in(call_taker).get(path).status_code == 405
    assert signed_in(call_taker).post(path, {"on_x": "maybe"}).status_code == 400
    assert _claim(JANES_MENTION) == claim and len(_notes(janes_request)) == 1


def test_a_check_settles_only_the_answer_the_page_showed(
    janes_request: ServiceRequest, call_taker: User, sam: User, x_api: FakeX, lost_reply: str
) -> None:
    shown = _claim(JANES_MENTION)[1]
    assert shown is not None
    path = f"/intake/social/requests/{janes_request.public_id}/reply/checked-on-x/"
    older = (shown - timedelta(seconds=1)).isoformat()

    stale = signed_in(sam).post(path, {"on_x": "no", "claim": older}, follow=True)
    assert "No answer is waiting to be checked on X: nothing was changed." in stale.content.decode()
    for claim in ("", "yesterday", "2026-12-07T10:00:00"):  # none, not a time, a time without its offset
        assert signed_in(sam).post(path, {"on_x": "no", "claim": claim}).status_code == 400
    assert _claim(JANES_MENTION)[1] == shown and len(_notes(janes_request)) == 1  # only the unconfirmed note


def test_x_answering_after_staff_checked_goes_in_the_history_not_recorded_twice(
    janes_request: ServiceRequest, call_taker: User, sam: User, x_api: FakeX
) -> None:
    class Slow(XClient):
        """X answers after longer than a send can last; meanwhile Sam found nothing on X and said so."""

        def post_reply(self, in_reply_to_id: str, text: str) -> str:
            claimed_at = _claim(JANES_MENTION)[1]
            assert claimed_at is not None
            stale = claimed_at - timedelta(minutes=5)
            SocialPost.objects.filter(external_id=JANES_MENTION).update(unconfirmed_reply_at=stale)
            settle_unconfirmed_answer(janes_request, PostKind.MENTION, claimed_at=stale, on_x=False, user=sam)
            return super().post_reply(in_reply_to_id, text)

    post_public_reply(janes_request, "We are on it.", user=call_taker, client=Slow())

    notes = _notes(janes_request)
    assert len(x_api.posted) == 1 and [is_public for _, is_public, _, _ in notes] == [False, False]
    assert notes[1][0].startswith("X answered only after staff had checked X for the answer sent at ")
    assert notes[1][0].endswith("it reached the resident.") and "X took it (id " in notes[1][0]
    post = SocialPost.objects.get(external_id=JANES_MENTION)
    assert post.replied_at is None and post.unconfirmed_reply_at is None
