"""Staff's answers to posts from the staff console: public replies to mentions, direct messages to direct messages.

`post_public_reply()` checks the staff member's text for personal data, adds the tracking number and the public
page's link, posts it and records it as a public note. `send_private_reply()` answers a direct message the same
way, privately (a direct message to its sender, recorded as an internal note: only staff and the resident see it).

Each answer is claimed on its post before X is called, so nothing is sent twice: not on a double click, not by
two staff members at once, not after X never said whether it took it (no answer in time, the connection lost,
a 5xx) nor after a crash between sending and recording. While the claim is there nothing else is sent; staff
check X and say whether the answer is there (`settle_unconfirmed_answer`).
"""


import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from civicdesk.accounts.models import User
from civicdesk.intake.social.client import SocialClient, XApiError, social_client
from civicdesk.intake.social.models import PostKind, SocialPost
from civicdesk.intake.social.services.text import DATE, EMAIL, HANDLE, PHONE, STREET_ADDRESS
from civicdesk.service_requests import lifecycle
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import Channel
from civicdesk.service_requests.models import ServiceRequest

MAX_POST_LENGTH = 280
MAX_MESSAGE_LENGTH = 10_000  # X's limit for one direct message
LINK_LENGTH = 23  # X counts every link as 23 characters, whatever its length


class ReplyRefused(Exception):
    """The reply cannot be posted; the message says why, in words staff can act on."""


class ReplyUnconfirmed(Exception):
    """An answer may have reached the resident without X confirming it, so nothing more is sent; the message tells
    staff to check X and say whether it is there."""


@dataclass(frozen=True)
class AnswerWay:
    """A public reply or a private direct message: the post it answers, whether residents see it in the history,
    and what staff read when it cannot be sent (marked with gettext_noop, translated when raised)."""

    kind: str  # the PostKind answered
    is_public: bool
    nothing_to_answer: str
    not_connected: str
    empty: str
    refused: str  # X clearly did not send it: "%(problem)s"
    unconfirmed: str  # X may have sent it without saying so: "%(problem)s"


PUBLIC_REPLY = AnswerWay(
    kind=PostKind.MENTION, is_public=True,
    nothing_to_answer=gettext_noop("This request did not come from a public post, so there is nothing to reply to."),
    not_connected=gettext_noop("The city's X account is not connected: replies cannot be posted."),
    empty=gettext_noop("Write the reply."),
    refused=gettext_noop("X did not post the reply: %(problem)s"),
    unconfirmed=gettext_noop(
        "X did not confirm the reply (%(problem)s): it may have been posted. Check the conversation on X, then say "
        "below whether it is there. Nothing more is posted until you do."),
)
PRIVATE_REPLY = AnswerWay(
    kind=PostKind.DIRECT_MESSAGE, is_public=False,
    nothing_to_answer=gettext_noop("This request did not come from a direct message, so there is no one to write to."),
    not_connected=gettext_noop("The city's X account is not connected: messages cannot be sent."),
    empty=gettext_noop("Write the message."),
    refused=gettext_noop("X did not send the message: %(problem)s"),
    unconfirmed=gettext_noop(
        "X did not confirm the message (%(problem)s): it may have been sent. Check the conversation on X, then say "
        "below whether it is there. Nothing more is sent until you do."),
)
ANSWER_WAYS = {way.kind: way for way in (PUBLIC_REPLY, PRIVATE_REPLY)}
NOTHING_TO_CHECK = gettext_noop("No answer is waiting to be checked on X: nothing was changed.")
ON_ITS_WAY = gettext_noop("The answer is being sent to X now. Reload the page in a few seconds.")


def answer_on_its_way(answered: SocialPost) -> bool:
    """Claimed and X has not answered yet: no outcome recorded, and sent more recently than a send can last (a
    connection and a read of up to X_TIMEOUT_SECONDS each, and a margin). Older, it is from a process that stopped
    mid-send, and staff may settle it."""
    if answered.unconfirmed_reply_at is None or answered.unconfirmed_problem:
        return False
    longest = timedelta(seconds=2 * settings.X_TIMEOUT_SECONDS + 60)
    return timezone.now() - answered.unconfirmed_reply_at < longest


def answered_post(posts: Iterable[SocialPost], kind: str) -> SocialPost | None:
    """Among a request's posts, the one a reply answers: the first received of `kind` (a public reply answers the
    first mention, a private one the first direct message)."""
    return min((post for post in posts if post.kind == kind), key=lambda post: (post.received_at, post.pk),
               default=None)


def personal_data_in(text: str, request: ServiceRequest) -> list[str]:
    """What in `text` would make a public reply give away personal data; empty when nothing does."""
    found = []
    if EMAIL.search(text):
        found.append(_("an email address"))
    if any(len(re.sub(r"\D", "", match)) >= 7 for match in PHONE.findall(DATE.sub(" ", text))):
        found.append(_("a phone number"))
    if STREET_ADDRESS.search(text) or (request.address and request.address.lower() in text.lower()):
        found.append(_("a street address"))
    if HANDLE.search(text):
        found.append(_("an @handle"))
    reporter = getattr(request, "reporter", None)
    words = text.lower()
    names = [reporter.first_name, reporter.last_name] if reporter is not None else []
    handles = list(SocialPost.objects.filter(request=request).values_list("author_handle", flat=True))
    if any(len(name.strip("@")) >= 3 and name.strip("@").lower() in words for name in names + handles):
        found.append(_("the resident's name or handle"))
    return found


def reply_text(text: str, request: ServiceRequest, *, one_line: bool = True) -> str:
    """The staff member's words (on one line for a post; a direct message keeps its lines), then the tracking
    number and the public page's link, in the request's language."""
    link = settings.SITE_URL.rstrip("/") + reverse("portal:track", args=[request.public_id])
    with translation.override(request.language or settings.LANGUAGE_CODE):
        suffix = _("Request %(number)s:") % {"number": request.public_id}
    if one_line:
        words = " ".join(text.split())
    else:
        words = "\n".join(" ".join(line.split()) for line in text.strip().splitlines())
    return f"{words} {suffix} {link}"


def post_public_reply(
    request: ServiceRequest, text: str, *, user: User, client: SocialClient | None = None
) -> SocialPost:
    """Post a public reply to the post that reported `request` and record it as a public note.

    Raises ReplyRefused (nothing posted) when the request came from no public post, the account is not
    connected, the text is empty, holds personal data or is too long, or X refuses it; ReplyUnconfirmed when an
    earlier answer is still unconfirmed, or X may have posted this one without saying so (see `_send_once`).
    """
    client = client or social_client()
    post = _answerable(request, text, PUBLIC_REPLY, client)
    problems = personal_data_in(text, request)
    if problems:
        raise ReplyRefused(_("A public reply must not contain personal data. Remove: %(what)s.")
                           % {"what": ", ".join(problems)})
    full = reply_text(text, request)
    link = full.rsplit(" ", 1)[1]
    if len(full) - len(link) + LINK_LENGTH > MAX_POST_LENGTH:
        raise ReplyRefused(_("The reply is too long for one post: shorten it."))
    return _send_once(post, full, PUBLIC_REPLY, user=user, send=lambda: client.post_reply(post.external_id, full))


def send_private_reply(
    request: ServiceRequest, text: str, *, user: User, client: SocialClient | None = None
) -> SocialPost:
    """Send a direct message to the resident whose direct message reported `request` and record it as an internal
    note (with who sent it and when: the request's history).

    Private, so a name or an address may be in it; the tracking number and the public page's link are added as
    in a public reply. Raises ReplyRefused (nothing sent) when the request came from no direct message, the
    account is not connected, the text is empty or too long, or X refuses it; ReplyUnconfirmed when an earlier
    answer is still unconfirmed, or X may have sent this one without saying so (see `_send_once`).
    """
    client = client or social_client()
    message = _answerable(request, text, PRIVATE_REPLY, client)
    full = reply_text(text, request, one_line=False)
    if len(full) > MAX_MESSAGE_LENGTH:
        raise ReplyRefused(_("The message is too long: shorten it."))
    return _send_once(message, full, PRIVATE_REPLY, user=user,
                      send=lambda: client.send_direct_message(message.author_id, full))


def settle_unconfirmed_answer(
    request: ServiceRequest, kind: str, *, claimed_at: datetime, on_x: bool, user: User
) -> SocialPost:
    """Staff checked X for the unconfirmed answer to the post of `kind` (a mention or a direct message) that
    reported `request`, the one claimed at `claimed_at` (what their page showed: never a newer one).

    `on_x`: it is there, so it is recorded as sent, at the time it was sent and credited to who sent it (a public
    note for a reply, an internal one for a direct message). Else it is not there and may be sent again. Either
    way the claim is cleared and an internal note says who checked. Raises ReplyRefused when that answer is not
    unconfirmed (none was, a colleague settled it first, or it was recorded meanwhile) or is still on its way to X
    (X has not answered yet: nobody can tell).
    """
    way = ANSWER_WAYS[kind]
    answered = answered_post(request.social_posts.all(), way.kind)
    if answered is None or answered.unconfirmed_reply_at is None or answered.unconfirmed_reply_at != claimed_at:
        raise ReplyRefused(_(NOTHING_TO_CHECK))
    if answer_on_its_way(answered):
        raise ReplyRefused(_(ON_ITS_WAY))
    sender, text = answered.unconfirmed_reply_by, answered.unconfirmed_reply_text
    with transaction.atomic():
        if not _release_claim(answered, claimed_at):  # a colleague settled it a moment ago
            raise ReplyRefused(_(NOTHING_TO_CHECK))
        checked = f"{user} checked X: the answer sent at {_moment(claimed_at)}"
        if on_x:
            _record_answer(answered, "", text, at=claimed_at, by=sender or user, is_public=way.is_public)
            _note(answered, f"{checked} is there.", user=user)
        else:
            _note(answered, f"{checked} is not there; it can be sent again.", user=user)
    return answered


def _answerable(request: ServiceRequest, text: str, way: AnswerWay, client: SocialClient) -> SocialPost:
    """The post `way` answers; ReplyRefused, in `way`'s words, when there is none, the account cannot post or
    the text is empty."""
    answered = answered_post(request.social_posts.all(), way.kind)
    if answered is None:
        raise ReplyRefused(_(way.nothing_to_answer))
    if not client.can_post():
        raise ReplyRefused(_(way.not_connected))
    if not text.strip():
        raise ReplyRefused(_(way.empty))
    return answered


def _send_once(answered: SocialPost, full: str, way: AnswerWay, *, user: User, send: Callable[[], str]) -> SocialPost:
    """Claim `answered`, send `full` and record it.

    ReplyUnconfirmed, nothing sent, when another answer holds the claim (being sent now, or unconfirmed). A clear
    refusal from X releases the claim and raises ReplyRefused: staff may try again. When X may have sent it
    without saying so the claim stays, an internal note says so, and ReplyUnconfirmed is raised. Any other
    failure, recording included, leaves the claim too: only staff, having looked on X, release it.
    """
    claimed_at = _claim(answered, full, user)
    try:
        answer_id = send()
    except XApiError as error:
        if error.outcome_unknown:
            _mark_unconfirmed(answered, claimed_at, error.message)
            _note(answered, f"Sent to X, which did not confirm it ({error.message}): it may have reached the "
                  f"resident. Nothing more is sent until staff check X and say whether it is there.\n\n{full}",
                  user=user)
            raise ReplyUnconfirmed(_(way.unconfirmed) % {"problem": error.message}) from error
        if not _release_claim(answered, claimed_at):
            _settled_meanwhile(answered, claimed_at, f"X refused it ({error.message}): it did not reach the resident.",
                               user=user)
        raise ReplyRefused(_(way.refused) % {"problem": error.message}) from error
    with transaction.atomic():
        if not _release_claim(answered, claimed_at):
            _settled_meanwhile(answered, claimed_at, f"X took it (id {answer_id}): it reached the resident.", user=user)
            return answered
        return _record_answer(answered, answer_id, full, at=timezone.now(), by=user, is_public=way.is_public)


def _mark_unconfirmed(answered: SocialPost, claimed_at: datetime, problem: str) -> None:
    """The claim's answer got no clear answer from X: from now on staff may say whether it is there."""
    _change_claim(answered, {"unconfirmed_reply_at": claimed_at}, unconfirmed_problem=problem[:300])


def _settled_meanwhile(answered: SocialPost, claimed_at: datetime, outcome: str, *, user: User) -> None:
    """X answered only after staff had settled the claim (a send that outlasted `answer_on_its_way`'s limit): what
    X said goes in the history, for staff to set right, instead of being recorded a second time."""
    _note(answered, f"X answered only after staff had checked X for the answer sent at {_moment(claimed_at)}: "
          f"{outcome}", user=user)


def _claim(answered: SocialPost, full: str, user: User) -> datetime:
    """Mark `answered` as being answered with `full`, committed before X is called (durable: never inside a
    longer transaction that would hide it from colleagues or lose it in a crash); returns the claim's time."""
    claimed_at = timezone.now()
    with transaction.atomic(durable=True):
        claimed = _change_claim(answered, {"unconfirmed_reply_at__isnull": True}, unconfirmed_reply_text=full,
                                unconfirmed_reply_at=claimed_at, unconfirmed_reply_by=user, unconfirmed_problem="")
    if claimed:
        return claimed_at
    answered.refresh_from_db(fields=_CLAIM_FIELDS)
    if answered.unconfirmed_reply_at is None:  # released between the two queries: recorded or settled just now
        raise ReplyUnconfirmed(_("Nothing was sent: a colleague's answer was recorded or checked at this very "
                                 "moment. Reload the page to see it."))
    earlier = {"at": _moment(answered.unconfirmed_reply_at), "who": answered.unconfirmed_reply_by or _("a colleague")}
    if answer_on_its_way(answered):
        raise ReplyUnconfirmed(
            _("Nothing was sent: an answer sent at %(at)s by %(who)s is on its way to X. Reload the page in a few "
              "seconds.") % earlier)
    raise ReplyUnconfirmed(
        _("Nothing was sent: an earlier answer, sent at %(at)s by %(who)s, may have reached the resident. Check the "
          "conversation on X, then say below whether it is there.") % earlier)


def _release_claim(answered: SocialPost, claimed_at: datetime) -> bool:
    """Clear the claim made at `claimed_at`; False when it was no longer there."""
    return _change_claim(answered, {"unconfirmed_reply_at": claimed_at}, unconfirmed_reply_text="",
                         unconfirmed_reply_at=None, unconfirmed_reply_by=None, unconfirmed_problem="")


_CLAIM_FIELDS = ["unconfirmed_reply_text", "unconfirmed_reply_at", "unconfirmed_reply_by", "unconfirmed_problem"]


def _change_claim(answered: SocialPost, only_if: dict[str, Any], **values: Any) -> bool:
    """Set the claim's fields to `values` in the database, only while the row still matches `only_if` (another
    process may have changed the claim since this one read it), and on `answered` too; False when it did not."""
    changed = SocialPost.objects.filter(pk=answered.pk, **only_if).update(**values) == 1
    if changed:
        for name, value in values.items():
            setattr(answered, name, value)
    return changed


def _record_answer(
    answered: SocialPost, answer_id: str, text: str, *, at: datetime, by: User, is_public: bool
) -> SocialPost:
    """What `by` sent at `at` in answer to `answered`, on the post and as a note in the request's history."""
    assert answered.request is not None
    with transaction.atomic():
        answered.replied_at, answered.reply_external_id, answered.reply_text = at, answer_id, text
        answered.save(update_fields=["replied_at", "reply_external_id", "reply_text"])
        lifecycle.add_note(answered.request, text, actor=Actor.staff(by), channel=Channel.SOCIAL, is_public=is_public)
    return answered


def _note(answered: SocialPost, text: str, *, user: User) -> None:
    """An internal note, by `user`, about an answer to `answered`."""
    assert answered.request is not None
    lifecycle.add_note(answered.request, text, actor=Actor.staff(user), channel=Channel.SOCIAL, is_public=False)


def _moment(at: datetime) -> str:
    return f"{timezone.localtime(at):%Y-%m-%d %H:%M}"
