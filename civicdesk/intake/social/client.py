"""The X (Twitter) API v2 behind one small interface: read mentions and direct messages, post a reply.

The core never sees the platform's JSON: `fetch_*` return `InboundPost`s, `post_reply` returns the new
post's id. Failures are classified like every outside system's: `XApiError(permanent=...)`, with the seconds
the platform asks us to wait when it rate-limits (429), and `outcome_unknown` when a post or message may have
been sent although X never said so.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Protocol

import requests
from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from urllib3.exceptions import NewConnectionError

from civicdesk.intake.social.models import PostKind

MAX_PAGES = 5  # per poll; the rest is read by the next poll, from the cursor
PAGE_SIZE = 100
DEFAULT_RETRY_SECONDS = 900  # X's rate-limit window, when a 429 does not say when to come back
# Raised by requests before anything leaves this server: the request could not be built, or no connection made.
NEVER_SENT = (
    requests.exceptions.MissingSchema, requests.exceptions.InvalidSchema, requests.exceptions.InvalidURL,
    requests.exceptions.InvalidHeader, requests.exceptions.InvalidJSONError, requests.ConnectTimeout,
)


class XApiError(Exception):
    """The platform did not do it. Permanent: bad credentials or a refused post; else try again later.

    `outcome_unknown`: a post or message reached X but no clear answer came back (no answer in time, the
    connection lost, a 5xx): X may have sent it, so sending it again could send it twice.
    """

    def __init__(
        self, message: str, *, permanent: bool = False, retry_after: int | None = None, outcome_unknown: bool = False
    ) -> None:
        super().__init__(message)
        self.message = message
        self.permanent = permanent
        self.retry_after = retry_after
        self.outcome_unknown = outcome_unknown


class NotConnected(XApiError):
    """The city's account is not configured (settings X_USER_ID and the tokens)."""

    def __init__(self, message: str = "The city's X account is not connected.") -> None:
        super().__init__(message, permanent=True)


@dataclass(frozen=True)
class InboundPost:
    """A mention or direct message, as the channel reads it."""

    external_id: str
    kind: str  # PostKind
    text: str
    author_id: str
    author_handle: str
    created_at: datetime


@dataclass(frozen=True)
class Page:
    posts: list[InboundPost]
    newest_id: str = ""


class SocialClient(Protocol):
    """What the channel needs from a social platform."""

    def is_connected(self) -> bool: ...

    def can_post(self) -> bool: ...

    def fetch_mentions(self, since_id: str) -> Page: ...

    def fetch_direct_messages(self, since: datetime | None) -> Page: ...

    def post_reply(self, in_reply_to_id: str, text: str) -> str: ...

    def send_direct_message(self, participant_id: str, text: str) -> str: ...


class XClient:
    """X API v2 over `requests`, with the tokens from settings."""

    def __init__(self) -> None:
        self.base = settings.X_API_BASE.rstrip("/")
        self.user_id = settings.X_USER_ID
        self.app_token = settings.X_BEARER_TOKEN
        self.user_token = settings.X_USER_TOKEN

    def is_connected(self) -> bool:
        """Mentions can be read: the account id and a token are set."""
        return bool(self.user_id and (self.app_token or self.user_token))

    def can_post(self) -> bool:
        """Replies (and direct messages) need the account's own user-context token."""
        return bool(self.user_id and self.user_token)

    def fetch_mentions(self, since_id: str) -> Page:
        """Posts naming the city's account newer than `since_id`, oldest first (GET /users/:id/mentions)."""
        if not self.is_connected():
            raise NotConnected()
        params: dict[str, Any] = {
            "max_results": PAGE_SIZE, "tweet.fields": "created_at,author_id", "expansions": "author_id",
            "user.fields": "username",
        }
        if since_id:
            params["since_id"] = since_id
        posts: list[InboundPost] = []
        newest = ""
        for body in self._pages(f"/users/{self.user_id}/mentions", params, self.app_token or self.user_token):
            newest = newest or str(body.get("meta", {}).get("newest_id", ""))
            handles = _handles(body)
            for item in body.get("data", []):
                author = str(item.get("author_id", ""))
                if author != self.user_id:  # the city's own replies name it too
                    posts.append(InboundPost(str(item["id"]), PostKind.MENTION, str(item.get("text", "")), author,
                                             handles.get(author, ""), _when(item.get("created_at"))))
        return Page(sorted(posts, key=lambda post: (len(post.external_id), post.external_id)), newest)

    def fetch_direct_messages(self, since: datetime | None) -> Page:
        """Messages sent to the city's account after `since`, oldest first (GET /dm_events, MessageCreate)."""
        if not self.can_post():
            raise NotConnected("Direct messages need the account's user token (X_USER_TOKEN).")
        params: dict[str, Any] = {
            "max_results": PAGE_SIZE, "event_types": "MessageCreate", "expansions": "sender_id",
            "dm_event.fields": "id,text,event_type,created_at,sender_id,dm_conversation_id", "user.fields": "username",
        }
        posts: list[InboundPost] = []
        for body in self._pages("/dm_events", params, self.user_token):
            handles = _handles(body)
            for item in body.get("data", []):
                sender = str(item.get("sender_id", ""))
                created = _when(item.get("created_at"))
                if item.get("event_type") != "MessageCreate" or sender == self.user_id:
                    continue  # our own messages, and joins/leaves of conversations
                if since is not None and created <= since:
                    continue
                posts.append(InboundPost(str(item["id"]), PostKind.DIRECT_MESSAGE, str(item.get("text", "")),
                                         sender, handles.get(sender, ""), created))
        return Page(sorted(posts, key=lambda post: post.created_at))

    def post_reply(self, in_reply_to_id: str, text: str) -> str:
        """Post `text` publicly in reply to the post `in_reply_to_id` (POST /tweets); returns the new post's id."""
        if not self.can_post():
            raise NotConnected()
        body = self._call("POST", "/tweets", self.user_token,
                          json={"text": text, "reply": {"in_reply_to_tweet_id": in_reply_to_id}})
        try:
            return str(body["data"]["id"])
        except (KeyError, TypeError):
            # X said yes (2xx) but not what it made: the reply may well be posted.
            raise XApiError(f"X answered without a post id: {str(body)[:200]}", outcome_unknown=True) from None

    def send_direct_message(self, participant_id: str, text: str) -> str:
        """Send `text` privately to the user `participant_id` (POST /dm_conversations/with/:id/messages); returns the
        message event's id."""
        if not self.can_post():
            raise NotConnected()
        if not participant_id.isdigit():  # X user ids are numbers; anything else must not reach the URL
            raise XApiError(f"Not an X user id: {participant_id[:40]!r}", permanent=True)
        body = self._call("POST", f"/dm_conversations/with/{participant_id}/messages", self.user_token,
                          json={"text": text})
        try:
            return str(body["data"]["dm_event_id"])
        except (KeyError, TypeError):
            raise XApiError(f"X answered without a message id: {str(body)[:200]}", outcome_unknown=True) from None

    def _pages(self, path: str, params: dict[str, Any], token: str) -> Iterator[dict[str, Any]]:
        for _page in range(MAX_PAGES):
            body = self._call("GET", path, token, params=params)
            yield body
            next_token = body.get("meta", {}).get("next_token")
            if not next_token:
                return
            params = {**params, "pagination_token": next_token}

    def _call(self, method: str, path: str, token: str, **kwargs: Any) -> dict[str, Any]:
        url = self.base + path
        # Once a POST has reached X, only a 4xx (429 included) says for sure that nothing was done.
        sends = method == "POST"
        try:
            response = requests.request(method, url, headers={"Authorization": f"Bearer {token}"},
                                        timeout=settings.X_TIMEOUT_SECONDS, **kwargs)
        except requests.RequestException as error:
            raise XApiError(f"No answer from X: {error.__class__.__name__}",
                            outcome_unknown=sends and _may_have_arrived(error)) from error
        if response.status_code == 429:
            raise XApiError("X rate limit reached.", retry_after=_retry_after(response))
        if response.status_code >= 500:
            raise XApiError(f"X answered {response.status_code}.", outcome_unknown=sends)
        if response.status_code >= 400:
            raise XApiError(f"X refused it ({response.status_code}): {_problem(response)}", permanent=True)
        try:
            body: dict[str, Any] = response.json()
        except ValueError:
            raise XApiError("X answered with something that is not JSON.", outcome_unknown=sends) from None
        return body


def _may_have_arrived(error: requests.RequestException) -> bool:
    """Whether X may have received the request that failed: False when it failed while being prepared (a bad URL,
    header or body) or before a connection was made (timed out or refused, an unknown host); True otherwise,
    since an answer that never came (a read timeout, a dropped connection) may follow a request X carried out."""
    if isinstance(error, NEVER_SENT):
        return False
    cause = error.args[0] if error.args else None  # requests wraps urllib3's MaxRetryError(reason=...)
    return not isinstance(getattr(cause, "reason", None), NewConnectionError)


def _handles(body: dict[str, Any]) -> dict[str, str]:
    return {str(user["id"]): str(user.get("username", "")) for user in body.get("includes", {}).get("users", [])}


def _when(value: Any) -> datetime:
    parsed = parse_datetime(str(value)) if value else None
    return parsed if parsed is not None else timezone.now()


def _retry_after(response: requests.Response) -> int:
    """Seconds to wait: Retry-After (seconds or a date), else X's x-rate-limit-reset (epoch seconds)."""
    header = response.headers.get("retry-after", "")
    if header.isdecimal():
        return int(header)
    if header:
        try:
            return max(0, int((parsedate_to_datetime(header) - timezone.now()).total_seconds()))
        except (TypeError, ValueError):
            pass
    reset = response.headers.get("x-rate-limit-reset", "")
    if reset.isdecimal():
        return max(0, int(int(reset) - datetime.now(UTC).timestamp()))
    return DEFAULT_RETRY_SECONDS


def _problem(response: requests.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:200]
    return str(body.get("detail") or body.get("title") or body)[:200]


def social_client() -> SocialClient:
    """The client the channel uses (one platform today)."""
    return XClient()
