"""The resident's report in progress, kept in the session across steps, and its pending photos.

Everything typed is kept here, valid or not, so a mistake on one step never loses another step's
answers. Photos are cleaned (EXIF gone) as they arrive and stored as pending files named after the
draft's token until the report is filed.
"""

import secrets
from dataclasses import asdict, dataclass, field
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from civicdesk.service_requests.choices import Channel
from civicdesk.service_requests.intake import Contact, Submission
from civicdesk.service_requests.photos import PhotoRejected, clean_photo

SESSION_KEY = "report_draft"
PENDING_DIR = "pending-photos"
DEFAULT_MAX_PHOTOS = 3


@dataclass
class Place:
    lat: float
    lon: float
    address: str = ""
    address_id: str = ""


@dataclass
class PendingPhoto:
    id: str
    path: str  # in default storage
    name: str  # as the resident's device named it, shown back to them only
    content_type: str


@dataclass
class Draft:
    token: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    service_code: str = ""
    app: bool = False
    address_text: str = ""
    place: Place | None = None
    answers: dict[str, Any] = field(default_factory=dict)
    description: str = ""
    photos: list[PendingPhoto] = field(default_factory=list)
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""
    anonymous: bool = False
    details_done: bool = False

    @classmethod
    def from_session(cls, data: dict[str, Any]) -> "Draft":
        values = dict(data)
        place = values.pop("place", None)
        photos = values.pop("photos", [])
        known = {name for name in cls.__dataclass_fields__}
        draft = cls(**{key: value for key, value in values.items() if key in known})
        draft.place = Place(**place) if place else None
        draft.photos = [PendingPhoto(**photo) for photo in photos]
        return draft

    @property
    def channel(self) -> str:
        return Channel.MOBILE if self.app else Channel.WEB

    @property
    def contact(self) -> Contact:
        if self.anonymous:
            return Contact()
        return Contact(first_name=self.first_name, last_name=self.last_name, email=self.email, phone=self.phone)

    def submission(self, language: str, follow_request_id: str = "") -> Submission:
        """What the intake function receives for this draft (photos opened from pending storage)."""
        place = self.place
        return Submission(
            service_code=self.service_code, channel=self.channel, description=self.description,
            lat=place.lat if place and not place.address_id else None,
            lon=place.lon if place and not place.address_id else None,
            address=place.address if place else "", address_id=place.address_id if place else "",
            answers=self.answers, contact=self.contact, photos=[_open_pending(photo) for photo in self.photos],
            language=language, follow_request_id=follow_request_id,
        )


def max_photos() -> int:
    return int(getattr(settings, "PHOTO_MAX_COUNT", DEFAULT_MAX_PHOTOS))


def load_draft(request: HttpRequest) -> Draft | None:
    data = request.session.get(SESSION_KEY)
    return Draft.from_session(data) if data else None


def save_draft(request: HttpRequest, draft: Draft) -> None:
    request.session[SESSION_KEY] = asdict(draft)


def start_draft(request: HttpRequest, service_code: str, *, app: bool) -> Draft:
    """A fresh draft for this service; a previous unfinished one (and its photos) is dropped."""
    previous = load_draft(request)
    if previous is not None and previous.service_code == service_code:
        previous.app = previous.app or app
        save_draft(request, previous)
        return previous
    if previous is not None:
        discard_draft(request, previous)
    draft = Draft(service_code=service_code, app=app)
    save_draft(request, draft)
    return draft


def discard_draft(request: HttpRequest, draft: Draft) -> None:
    for photo in draft.photos:
        default_storage.delete(photo.path)
    request.session.pop(SESSION_KEY, None)


def add_photos(draft: Draft, uploads: list[UploadedFile]) -> list[str]:
    """Clean and keep each upload as a pending photo; return a message for each one refused."""
    problems = []
    for upload in uploads:
        if len(draft.photos) >= max_photos():
            count = max_photos()
            problems.append(
                ngettext("You can add at most %(count)d photo.", "You can add at most %(count)d photos.", count)
                % {"count": count}
            )
            break
        try:
            cleaned = clean_photo(upload)
        except PhotoRejected as rejected:
            problems.append(str(rejected))
            continue
        path = default_storage.save(f"{PENDING_DIR}/{draft.token}/{cleaned.name}", cleaned)
        draft.photos.append(PendingPhoto(
            id=secrets.token_urlsafe(6), path=path, name=(upload.name or _("photo"))[:100],
            content_type=cleaned.content_type or "image/jpeg",
        ))
    return problems


def remove_photos(draft: Draft, photo_ids: list[str]) -> int:
    """Drop the pending photos the resident ticked; return how many went."""
    removed = [photo for photo in draft.photos if photo.id in photo_ids]
    for photo in removed:
        default_storage.delete(photo.path)
        draft.photos.remove(photo)
    return len(removed)


def _open_pending(photo: PendingPhoto) -> UploadedFile:
    with default_storage.open(photo.path, "rb") as stored:
        return SimpleUploadedFile(photo.path.rsplit("/", 1)[-1], stored.read(), photo.content_type)
