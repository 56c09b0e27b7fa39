"""Web chat: the bot, the hand-off to a person, and the call-taker's side, as plain functions.

The bot is the text conversation of `intake.sms.conversation` kept in the chat's `state` (the same
knowledge-base answers, service questions and filing through `file_request`, with channel "chat").
"Talk to a person" puts the chat in the waiting list with its transcript; a call-taker takes it and
may hold several at once. Each line is kept in the chat's transcript, and the transcript on the contact
record (linked to the request when one was filed) once the bot finishes or the chat closes.
The consumers broadcast what these functions return; nothing here knows about sockets.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from civicdesk.console.permissions import sees_whole_city
from civicdesk.contacts.models import Contact, Outcome
from civicdesk.contacts.services import record_contact
from civicdesk.intake.chat.models import ChatSession, ChatStatus
from civicdesk.intake.models import SmsConversation
from civicdesk.intake.sms.conversation import new_conversation, reply_in_conversation
from civicdesk.service_requests.choices import Channel

MAX_MESSAGE_LENGTH = 1000
RESIDENT, BOT, AGENT, SYSTEM = "resident", "bot", "agent", "system"


class ChatClosed(Exception):
    """The chat has ended: nothing more can be said in it."""


@dataclass(frozen=True)
class Line:
    """One line of a transcript, as kept and as sent to both sides."""

    speaker: str
    text: str
    at: str
    name: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"speaker": self.speaker, "text": self.text, "at": self.at, "name": self.name}


def can_take_chats(user: Any) -> bool:
    """Call-takers, supervisors and administrators answer chats; department staff and residents do not."""
    return sees_whole_city(user)


def start_chat(language: str) -> ChatSession:
    """A new chat with the bot, greeting the resident in their page's language."""
    language = "es" if language.startswith("es") else "en"
    chat = ChatSession.objects.create(language=language)
    with translation.override(language):
        _add(chat, BOT, _("Hello! Ask a question or describe a problem to report it. Choose “Talk to a person” "
                          "at any time. In an emergency, call 911."))
    chat.save(update_fields=["transcript"])
    return chat


def resident_says(chat: ChatSession, text: str) -> list[Line]:
    """The resident's message and, while the bot has the chat, its answer. Raises ChatClosed."""
    text = _clean(text)
    if not text:
        return []
    with transaction.atomic():
        chat = ChatSession.objects.select_for_update().get(pk=chat.pk)
        if chat.status == ChatStatus.CLOSED:
            raise ChatClosed
        lines = [_add(chat, RESIDENT, text)]
        if chat.status == ChatStatus.BOT:
            lines.append(_add(chat, BOT, _bot_answer(chat, text)))
        chat.save(update_fields=["transcript", "state", "contact", "request"])
    return lines


def hand_off(chat: ChatSession) -> Line:
    """'Talk to a person': the chat waits, with its transcript, for the next call-taker. Raises ChatClosed."""
    with transaction.atomic():
        chat = ChatSession.objects.select_for_update().get(pk=chat.pk)
        if chat.status == ChatStatus.CLOSED:
            raise ChatClosed
        if chat.status != ChatStatus.BOT:
            return Line(SYSTEM, "", _now())
        chat.status, chat.handed_off_at = ChatStatus.WAITING, timezone.now()
        with translation.override(chat.language):
            line = _add(chat, SYSTEM, _("We are finding a person to help you. Please stay on this page."))
        chat.save(update_fields=["status", "handed_off_at", "transcript"])
    return line


def take_chat(chat: ChatSession, user: Any) -> Line:
    """A call-taker takes a waiting chat (first one wins). Raises PermissionDenied."""
    if not can_take_chats(user):
        raise PermissionDenied(_("Only call-takers and supervisors answer chats."))
    with transaction.atomic():
        chat = ChatSession.objects.select_for_update().get(pk=chat.pk)
        if chat.status != ChatStatus.WAITING:
            raise PermissionDenied(_("Someone else has already taken this chat."))
        chat.status, chat.assigned_to = ChatStatus.WITH_AGENT, user
        with translation.override(chat.language):
            line = _add(chat, SYSTEM, _("%(name)s has joined the chat.") % {"name": _agent_name(user)})
        chat.save(update_fields=["status", "assigned_to", "transcript"])
    return line


def send_message(chat: ChatSession, user: Any, text: str) -> Line:
    """A call-taker's message in a chat they hold. Raises PermissionDenied, ChatClosed."""
    with transaction.atomic():
        chat = ChatSession.objects.select_for_update().get(pk=chat.pk)
        _require_holder(chat, user)
        line = _add(chat, AGENT, _clean(text), name=_agent_name(user))
        chat.save(update_fields=["transcript"])
    return line


def close_chat(chat: ChatSession, user: Any = None) -> Line:
    """End the chat (by the resident when `user` is None, else by the call-taker holding it) and keep its
    transcript on the contact record. Raises PermissionDenied; closing twice changes nothing."""
    with transaction.atomic():
        chat = ChatSession.objects.select_for_update().get(pk=chat.pk)
        if chat.status == ChatStatus.CLOSED:
            return Line(SYSTEM, "", _now())
        if user is not None:
            _require_holder(chat, user)
        with translation.override(chat.language):
            line = _add(chat, SYSTEM, _("The chat has ended. Thank you for contacting 311."))
        if chat.contact is None or chat.assigned_to is not None:
            outcome = Outcome.ANSWERED if chat.assigned_to is not None or _answered(chat) else Outcome.ABANDONED
            chat.contact = record_contact(channel=Channel.CHAT, outcome=outcome, taken_by=chat.assigned_to,
                                          started_at=chat.started_at, request=chat.request, language=chat.language,
                                          summary=_summary(chat))
        chat.status, chat.closed_at = ChatStatus.CLOSED, timezone.now()
        chat.save(update_fields=["status", "closed_at", "transcript", "contact"])
        Contact.objects.filter(pk=chat.contact.pk).update(transcript=chat.transcript)
    return line


def waiting_chats() -> QuerySet[ChatSession]:
    """Chats waiting for a person, longest waiting first."""
    return ChatSession.objects.filter(status=ChatStatus.WAITING).order_by("handed_off_at", "pk")


def chats_of(user: Any) -> QuerySet[ChatSession]:
    """The chats a call-taker holds now."""
    return ChatSession.objects.filter(status=ChatStatus.WITH_AGENT, assigned_to=user).order_by("handed_off_at", "pk")


def visible_chats(user: Any) -> QuerySet[ChatSession]:
    """What the staff chat page shows: the waiting list and the user's own chats."""
    return ChatSession.objects.filter(
        Q(status=ChatStatus.WAITING) | Q(status=ChatStatus.WITH_AGENT, assigned_to=user)
    ).order_by("handed_off_at", "pk")


def chat_summary(chat: ChatSession) -> dict[str, Any]:
    """What the staff page shows of one chat."""
    return {"chat": str(chat.token), "status": chat.status, "language": chat.language,
            "transcript": chat.transcript, "request": chat.request.public_id if chat.request else ""}


# --- Inside ---------------------------------------------------------------------------------------------


def _bot_answer(chat: ChatSession, text: str) -> str:
    """The text conversation's answer; when it ends (filed, answered, refused) the contact keeps the transcript."""
    conversation = _conversation(chat)
    answer = reply_in_conversation(conversation, text)
    if conversation.step:
        chat.state = {"step": conversation.step, "data": conversation.data}
        return answer
    chat.state = {}
    contact = Contact.objects.filter(pk=conversation.data.get("contact")).select_related("request").first()
    if contact is not None:
        chat.contact = contact
        chat.request = contact.request or chat.request
        with translation.override(chat.language):
            answer += "\n" + _("Anything else? Ask another question, or choose “Talk to a person”.")
        Contact.objects.filter(pk=contact.pk).update(transcript=[*chat.transcript, _line(BOT, answer).as_dict()])
    return answer


def _conversation(chat: ChatSession) -> SmsConversation:
    conversation = new_conversation(channel=Channel.CHAT, language=chat.language, started_at=timezone.now())
    if chat.state:
        conversation.step, conversation.data = chat.state["step"], chat.state["data"]
    return conversation


def _answered(chat: ChatSession) -> bool:
    return any(line["speaker"] == BOT for line in chat.transcript[1:])


def _summary(chat: ChatSession) -> str:
    first = next((line["text"] for line in chat.transcript if line["speaker"] == RESIDENT), "")
    return f"Web chat: {first}" if first else "Web chat"


def _require_holder(chat: ChatSession, user: Any) -> None:
    if not can_take_chats(user) or chat.assigned_to_id != user.pk:
        raise PermissionDenied(_("This chat is not yours."))
    if chat.status == ChatStatus.CLOSED:
        raise ChatClosed


def _agent_name(user: Any) -> str:
    return str(user.first_name or user.get_username())


def _clean(text: Any) -> str:
    return str(text or "").strip()[:MAX_MESSAGE_LENGTH]


def _now() -> str:
    return timezone.now().isoformat()


def _line(speaker: str, text: str, name: str = "", at: datetime | None = None) -> Line:
    return Line(speaker, text, (at or timezone.now()).isoformat(), name)


def _add(chat: ChatSession, speaker: str, text: str, *, name: str = "") -> Line:
    line = _line(speaker, text, name)
    chat.transcript = [*chat.transcript, line.as_dict()]
    return line
