"""Updates from department systems: status changes (through their own words), notes, photos and closure.

Pushed to `POST /integrations/<slug>/updates` or polled from systems that cannot push; both end in
`apply_update`, which changes statuses only through the lifecycle module, as the integration.
Each update carries an event id: the same event twice changes nothing the second time.
"""

import base64
import binascii
import logging
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone

from civicdesk.integrations.adapters import DeliveryError, adapter_named
from civicdesk.integrations.adapters.email import department_reply
from civicdesk.integrations.choices import DeliveryState
from civicdesk.integrations.models import Delivery, InboundUpdate, Integration
from civicdesk.integrations.services import INTEGRATION_CHANNEL
from civicdesk.service_requests import lifecycle
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import OPEN_STATUSES, Channel, Resolution
from civicdesk.service_requests.models import Photo, RequestEvent, ServiceRequest
from civicdesk.service_requests.photos import PhotoRejected, clean_photo
from civicdesk.service_requests.public_ids import normalize_public_id

log = logging.getLogger(__name__)

FIELDS = frozenset({"event_id", "request_id", "external_id", "status", "note", "note_public", "resolution",
                    "resolution_notes", "photos"})
MAX_PHOTOS = 5
MAX_NOTE = 4000


class InboundError(Exception):
    """The update cannot be applied; `status` is the HTTP status to answer with."""

    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UnknownRequest(InboundError):
    status = 404


class TransferredAway(InboundError):
    """The request was sent to this department once, but has since been transferred to another."""

    status = 409


class StatusConflict(InboundError):
    status = 409


@dataclass
class Update:
    """A checked update, not applied yet."""

    event_id: str = ""
    request_id: str = ""
    external_id: str = ""
    status: str = ""
    note: str = ""
    note_public: bool = False
    resolution: str = ""
    resolution_notes: str = ""
    photos: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class UpdateResult:
    request: ServiceRequest
    duplicate: bool
    changes: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"request_id": self.request.public_id, "status": self.request.status, "duplicate": self.duplicate,
                "changes": self.changes}


def parse_update(data: Any) -> Update:
    """Check the shape of an update; InboundError (400) names the first thing wrong."""
    if not isinstance(data, dict):
        raise InboundError("The body must be a JSON object.")
    unknown = sorted(set(data) - FIELDS)
    if unknown:
        raise InboundError(f"Unknown field(s): {', '.join(unknown)}. Known: {', '.join(sorted(FIELDS))}.")
    for name in FIELDS - {"note_public", "photos"}:
        if not isinstance(data.get(name, ""), str):
            raise InboundError(f"'{name}' must be a string.")
    if not isinstance(data.get("note_public", False), bool):
        raise InboundError("'note_public' must be true or false.")
    photos = data.get("photos", [])
    if not isinstance(photos, list) or not all(isinstance(photo, dict) for photo in photos):
        raise InboundError("'photos' must be a list of objects with a 'url' or a 'content_base64'.")
    text = {name: data.get(name, "").strip() for name in FIELDS - {"note_public", "photos"}}
    update = Update(**text, note_public=data.get("note_public", False), photos=photos)
    if not update.event_id or len(update.event_id) > 200:
        raise InboundError("'event_id' is required (at most 200 characters): it makes a repeated update harmless.")
    if not (update.request_id or update.external_id):
        raise InboundError("Say which request: 'request_id' (our tracking number) or 'external_id' (yours).")
    if not (update.status or update.note or update.photos):
        raise InboundError("Nothing to do: send a 'status', a 'note' or 'photos'.")
    if len(update.note) > MAX_NOTE or len(update.photos) > MAX_PHOTOS:
        raise InboundError(f"At most {MAX_NOTE} characters of note and {MAX_PHOTOS} photos per update.")
    if update.resolution and update.resolution not in Resolution.values:
        raise InboundError(f"Unknown resolution '{update.resolution}'. Use one of: {', '.join(Resolution.values)}.")
    return update


def apply_update(integration: Integration, data: Any) -> UpdateResult:
    """Apply one update from `integration`'s system to the request it names, once per event id.

    Raises InboundError (400), UnknownRequest (404) or StatusConflict (409); nothing is changed then.
    """
    update = parse_update(data)
    request = _request_for(integration, update)
    our_status = _mapped_status(integration, update.status) if update.status else ""
    with transaction.atomic():
        try:
            with transaction.atomic():
                receipt = InboundUpdate.objects.create(integration=integration, event_id=update.event_id,
                                                       request=request, payload=_without_photo_bytes(data))
        except IntegrityError:
            return UpdateResult(request, duplicate=True)
        changes = _apply(integration, request, update, our_status)
        receipt.outcome = {"changes": changes}
        receipt.save(update_fields=["outcome"])
    return UpdateResult(request, duplicate=False, changes=changes)


def _without_photo_bytes(data: dict[str, Any]) -> dict[str, Any]:
    """The update as kept for the record: photo contents are stored as photos, not twice in the receipt."""
    photos = [{**photo, "content_base64": f"<{len(str(photo['content_base64']))} characters>"}
              if "content_base64" in photo else photo for photo in data.get("photos", [])]
    return {**data, "photos": photos} if photos else data


def _request_for(integration: Integration, update: Update) -> ServiceRequest:
    """Only a request this integration was given: a department cannot touch another department's work."""
    deliveries = Delivery.objects.filter(integration=integration).select_related("request")
    if update.external_id:
        delivery = deliveries.filter(external_id=update.external_id).order_by("-pk").first()
        wanted = f"external id '{update.external_id}'"
    else:
        delivery = deliveries.filter(request__public_id=normalize_public_id(update.request_id)).order_by("-pk").first()
        wanted = f"request '{update.request_id}'"
    if delivery is None:
        raise UnknownRequest(f"There is no {wanted} among the requests sent to {integration.name}.")
    if delivery.request.department_id != integration.department_id:
        raise TransferredAway(
            f"Request {delivery.request.public_id} was transferred to another department: "
            f"{integration.name} can no longer update it."
        )
    return delivery.request


def _mapped_status(integration: Integration, word: str) -> str:
    mapping = {str(theirs).casefold(): ours for theirs, ours in integration.status_mapping.items()}
    ours = mapping.get(word.casefold())
    if ours is None:
        known = ", ".join(sorted(integration.status_mapping)) or "none yet"
        raise InboundError(f"Unknown status '{word}' for {integration.name}. Mapped statuses: {known}.")
    return str(ours)


def _apply(integration: Integration, request: ServiceRequest, update: Update, our_status: str) -> list[str]:
    actor, changes = Actor.integration(integration.name), []
    photos = [_photo(request, photo) for photo in update.photos]  # all checked before anything is written
    public_note = update.note if update.note_public else ""
    if update.status:
        bookkeeping = f"{integration.name} status: {update.status}."
        lifecycle.add_note(request, f"{bookkeeping} {'' if public_note else update.note}".strip(), actor=actor,
                           channel=INTEGRATION_CHANNEL, is_public=False)
    elif update.note and not public_note:
        lifecycle.add_note(request, update.note, actor=actor, channel=INTEGRATION_CHANNEL, is_public=False)
    if our_status and our_status != request.status:
        try:
            lifecycle.change_status(
                request, our_status, actor=actor, channel=INTEGRATION_CHANNEL, note=public_note,
                resolution=update.resolution or request.resolution or Resolution.FIXED,
                resolution_notes=update.resolution_notes,
            )
        except lifecycle.IllegalTransition as refusal:
            raise StatusConflict(str(refusal)) from None
        changes.append(f"status:{our_status}")
        public_note = ""
    if public_note:
        lifecycle.add_note(request, public_note, actor=actor, channel=INTEGRATION_CHANNEL, is_public=True)
    if update.note:
        changes.append("note")
    for photo, upload in photos:
        if upload is not None:
            photo.image.save(upload.name or "photo.jpg", upload, save=False)
        photo.save()
    if photos:
        changes.append(f"photos:{len(photos)}")
    return changes


def _photo(request: ServiceRequest, data: dict[str, Any]) -> tuple[Photo, SimpleUploadedFile | None]:
    """A Photo and its cleaned file, not saved yet, from {"url": ...} or {"content_base64": ..., "filename": ...};
    "public": true shows it to residents."""
    is_public = data.get("public", False) is True
    if data.get("url"):
        try:
            URLValidator(schemes=["http", "https"])(data["url"])
        except ValidationError:
            raise InboundError(f"'{data['url']}' is not a web address.") from None
        return Photo(request=request, url=data["url"], is_public=is_public), None
    try:
        content = base64.b64decode(str(data.get("content_base64", "")), validate=True)
    except (binascii.Error, ValueError):
        raise InboundError("'content_base64' is not base64.") from None
    if not content:
        raise InboundError("Each photo needs a 'url' or a 'content_base64'.")
    try:
        cleaned = clean_photo(SimpleUploadedFile(str(data.get("filename", "photo")), content))
    except PhotoRejected as refusal:
        raise InboundError(str(refusal)) from None
    return Photo(request=request, is_public=is_public), cleaned


def thread_email_reply(message: EmailMessage) -> RequestEvent:
    """A department's reply to a delivery email, added to the request's history as an internal note.

    Raises UnknownReply when the message answers no delivery of ours (the mail listener then drops it).
    """
    reply = department_reply(message)
    if not reply.text:
        raise InboundError("The reply has no text of its own.")
    return lifecycle.add_note(reply.delivery.request, f"Reply from {reply.sender}: {reply.text}",
                              actor=Actor.integration(reply.delivery.integration.name), channel=Channel.EMAIL,
                              is_public=False)


def poll_updates(now: datetime | None = None) -> int:
    """Ask every system that cannot push for the status of the open requests it has. Returns updates applied."""
    now = now or timezone.now()
    applied = 0
    for integration in Integration.objects.filter(enabled=True, poll_for_updates=True).select_related("department"):
        deliveries = list(Delivery.objects.filter(integration=integration, state=DeliveryState.SENT,
                                                  request__status__in=OPEN_STATUSES).exclude(external_id=""))
        try:
            updates = adapter_named(integration.adapter).poll(integration, deliveries) if deliveries else []
        except DeliveryError as error:
            log.warning("Polling %s failed: %s", integration, error.message)
            continue
        for data in updates:
            try:
                applied += not apply_update(integration, data).duplicate
            except InboundError as error:
                log.warning("Update %r polled from %s not applied: %s", data.get("event_id"), integration,
                            error.message)
        Integration.objects.filter(pk=integration.pk).update(last_polled_at=now)
    return applied
