"""The two chat sockets: a resident's (/ws/chat/) and a call-taker's (/ws/staff/chats/). Thin: read the JSON
message, call one function of `chat.services`, and broadcast the lines it returns.

Groups: every chat has its own (`chat-<token>`: the resident, and the call-taker holding it); every staff
socket is in `chat-staff`, which hears when the waiting list changes.

Resident → server: {"type": "message", "text"}, {"type": "hand_off"}, {"type": "close"}.
Staff → server: {"type": "take", "chat"}, {"type": "message", "chat", "text"}, {"type": "close", "chat"}.
Server → both: {"type": "started", ...} / {"type": "chats", ...} on connect, then {"type": "line", "chat", "line"},
{"type": "status", "chat", "status"}, {"type": "waiting", "chats"} (staff) and {"type": "error", "message"}.
"""

import uuid
from importlib import import_module
from typing import Any
from urllib.parse import parse_qs

from asgiref.sync import async_to_sync
from channels.generic.websocket import JsonWebsocketConsumer
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.models import Device

from civicdesk.accounts.middleware import staff_session_ended
from civicdesk.intake.chat import services
from civicdesk.intake.chat.models import ChatSession, ChatStatus

STAFF_GROUP = "chat-staff"
SIGNED_OUT = 4401  # the close code when a call-taker's session ended while the socket was open


def chat_group(chat: ChatSession) -> str:
    return f"chat-{chat.token}"


class ChatSocket(JsonWebsocketConsumer):
    """What both sockets share: broadcasting a chat's lines and status, and passing events to the browser."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.joined: set[str] = set()

    def broadcast(self, chat: ChatSession, lines: list[services.Line]) -> None:
        for line in lines:
            if line.text:
                self.group_send(chat_group(chat), {"type": "line", "chat": str(chat.token), "line": line.as_dict()})

    def broadcast_status(self, chat: ChatSession) -> None:
        chat.refresh_from_db(fields=["status"])
        self.group_send(chat_group(chat), {"type": "status", "chat": str(chat.token), "status": chat.status})
        waiting = [services.chat_summary(row) for row in services.waiting_chats()]
        self.group_send(STAFF_GROUP, {"type": "waiting", "chats": waiting})

    def group_send(self, group: str, event: dict[str, Any]) -> None:
        async_to_sync(self.channel_layer.group_send)(group, {**event, "type": "chat.event", "kind": event["type"]})

    def join(self, group: str) -> None:
        async_to_sync(self.channel_layer.group_add)(group, self.channel_name)
        self.joined.add(group)

    def disconnect(self, code: int) -> None:
        for group in self.joined:
            async_to_sync(self.channel_layer.group_discard)(group, self.channel_name)

    def chat_event(self, event: dict[str, Any]) -> None:
        self.send_json({**{key: value for key, value in event.items() if key != "kind"}, "type": event["kind"]})

    def refuse(self, message: str) -> None:
        self.send_json({"type": "error", "message": message})


class ResidentChatConsumer(ChatSocket):
    """A resident's chat. `?chat=<token>` picks an open chat up again (a page change); otherwise a new one starts."""

    chat: ChatSession

    def connect(self) -> None:
        query = parse_qs(self.scope.get("query_string", b"").decode())
        self.chat = _open_chat(query.get("chat", [""])[0]) or services.start_chat(query.get("lang", ["en"])[0])
        self.accept()
        self.join(chat_group(self.chat))
        self.send_json({"type": "started", "chat": str(self.chat.token), "status": self.chat.status,
                        "transcript": self.chat.transcript})

    def receive_json(self, content: Any, **kwargs: Any) -> None:
        kind = content.get("type") if isinstance(content, dict) else None
        try:
            if kind == "message":
                self.broadcast(self.chat, services.resident_says(self.chat, content.get("text", "")))
            elif kind == "hand_off":
                self.broadcast(self.chat, [services.hand_off(self.chat)])
                self.broadcast_status(self.chat)
            elif kind == "close":
                self.broadcast(self.chat, [services.close_chat(self.chat)])
                self.broadcast_status(self.chat)
        except services.ChatClosed:
            with translation.override(self.chat.language):
                self.refuse(_("This chat has ended. Reload the page to start a new one."))


class StaffChatConsumer(ChatSocket):
    """A call-taker's chats: the waiting list, and every chat they hold (several at once)."""

    def connect(self) -> None:
        user = self.scope.get("user")
        if not services.can_take_chats(user) or not _two_factor_verified(user, self.scope.get("session")):
            self.close(code=4403)
            return
        if not self._still_signed_in(active=True):
            self.close(code=SIGNED_OUT)
            return
        self.accept()
        self.join(STAFF_GROUP)
        mine = list(services.chats_of(user))
        for chat in mine:
            self.join(chat_group(chat))
        self.send_json({"type": "chats", "mine": [services.chat_summary(chat) for chat in mine],
                        "waiting": [services.chat_summary(chat) for chat in services.waiting_chats()]})

    def receive_json(self, content: Any, **kwargs: Any) -> None:
        if not self._still_signed_in(active=True):
            self.close(code=SIGNED_OUT)
            return
        if not isinstance(content, dict):
            return
        user = self.scope["user"]
        chat = _open_chat(str(content.get("chat", "")))
        if chat is None:
            self.refuse(_("That chat is not open any more."))
            return
        try:
            if content.get("type") == "take":
                line = services.take_chat(chat, user)
                self.join(chat_group(chat))
                self.send_json({"type": "taken", **services.chat_summary(ChatSession.objects.get(pk=chat.pk))})
                self.broadcast(chat, [line])
                self.broadcast_status(chat)
            elif content.get("type") == "message":
                self.broadcast(chat, [services.send_message(chat, user, content.get("text", ""))])
            elif content.get("type") == "close":
                self.broadcast(chat, [services.close_chat(chat, user)])
                self.broadcast_status(chat)
        except PermissionDenied as refusal:
            self.refuse(str(refusal))
        except services.ChatClosed:
            self.refuse(_("That chat has ended."))


    def chat_event(self, event: dict[str, Any]) -> None:
        # Residents' words go only to a call-taker still signed in.
        if not self._still_signed_in(active=False):
            self.close(code=SIGNED_OUT)
            return
        super().chat_event(event)

    def _still_signed_in(self, *, active: bool) -> bool:
        """The staff pages' session rules on the open socket, read afresh from the session store: signed out
        elsewhere, idle past STAFF_IDLE_TIMEOUT_MINUTES or signed in past STAFF_SESSION_MAX_HOURS ends it.
        `active`: the call-taker did something, which counts as activity as a page request does. The next
        page request records the sign-out (accounts/middleware.py)."""
        opened = self.scope.get("session")
        key = getattr(opened, "session_key", None)
        if not key:
            return False
        session = import_module(settings.SESSION_ENGINE).SessionStore(session_key=key)
        if session.get(SESSION_KEY) != str(self.scope["user"].pk):
            return False  # signed out (or in as someone else) since the socket opened
        if staff_session_ended(session, active=active) is not None:
            return False
        if session.modified:
            session.save()
        return True


def _open_chat(token: str) -> ChatSession | None:
    try:
        key = uuid.UUID(token)
    except ValueError:
        return None
    return ChatSession.objects.exclude(status=ChatStatus.CLOSED).filter(token=key).first()


def _two_factor_verified(user: Any, session: Any) -> bool:
    """The staff pages' rule on the socket: the session was verified with one of the user's own devices."""
    persistent_id = session.get(DEVICE_ID_SESSION_KEY) if session is not None else None
    device = Device.from_persistent_id(persistent_id) if persistent_id else None
    return device is not None and device.user_id == user.pk
