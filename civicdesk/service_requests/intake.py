"""Intake: the one function every channel calls to file a service request.

It validates the submission, refuses emergencies with a "call 911" answer, finds the place,
routes the request, computes its due date, checks for duplicates, records the history and
queues the resident's acknowledgement through the Tasks API once the transaction commits.
"""

import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from civicdesk.catalog.models import ServiceType
from civicdesk.catalog.services import emergency_message, validate_answers
from civicdesk.departments.calendar import expected_completion
from civicdesk.integrations.services import queue_deliveries
from civicdesk.routing.geo import validate_point
from civicdesk.routing.geocoder import SURE_MATCH_SCORE, reverse_geocode, search_addresses
from civicdesk.routing.models import AddressPoint, District
from civicdesk.routing.services import RoutingDecision, districts_at, route_request
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import OPEN_STATUSES, Channel, EventKind
from civicdesk.service_requests.duplicates import DuplicateCandidate, find_duplicates
from civicdesk.service_requests.lifecycle import follow_request, notify_after_commit, record_event
from civicdesk.service_requests.models import Follower, Photo, ReporterContact, ServiceRequest
from civicdesk.service_requests.public_ids import new_public_id, normalize_public_id

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_PHOTOS = 5
MAX_DESCRIPTION = 4000
# Magic numbers of the image formats phones send.
_IMAGE_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a", b"RIFF")


LOCATION_MISSING = "Please give the location: a point on the map, an address or an address id."


class UnknownService(Exception):
    """No active service type has that code."""


class EmergencyRefused(Exception):
    """The submission describes an emergency: the resident must call 911, nothing is filed."""


@dataclass
class Contact:
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""
    device_id: str = ""
    account_id: str = ""
    wants_updates: bool = True

    @property
    def is_empty(self) -> bool:
        return not any((self.first_name, self.last_name, self.email, self.phone, self.device_id, self.account_id))


@dataclass
class Submission:
    """What a resident (or a call-taker for them) submits, whatever the channel."""

    service_code: str
    channel: str
    description: str = ""
    lat: Any = None
    lon: Any = None
    address: str = ""
    address_id: str = ""
    zip_code: str = ""
    answers: Mapping[str, Any] = field(default_factory=dict)
    contact: Contact = field(default_factory=Contact)
    photos: Sequence[UploadedFile] = ()
    media_urls: Sequence[str] = ()
    language: str = "en"
    priority: str = ""
    follow_request_id: str = ""  # follow this existing request instead of filing a new one
    api_client: Any = None  # the outside application (open311.APIClient) that sent it, if any


@dataclass
class IntakeResult:
    request: ServiceRequest
    created: bool  # False when the resident was added as a follower of an existing request
    duplicates: list[DuplicateCandidate] = field(default_factory=list)
    follower: Follower | None = None
    routing: RoutingDecision | None = None


@dataclass
class _Place:
    lat: float | None
    lon: float | None
    address: str
    point: AddressPoint | None
    zip_code: str
    districts: list[District]
    note: str = ""


def file_request(submission: Submission, *, actor: Actor) -> IntakeResult:
    """File a service request (or follow an existing one). The single entry point for every channel.

    Raises UnknownService, EmergencyRefused, or ValidationError whose message_dict names each
    wrong field; nothing is written when any of them is raised.
    """
    try:
        service = ServiceType.objects.select_related("default_department").get(
            service_code=submission.service_code, is_active=True
        )
    except ServiceType.DoesNotExist:
        raise UnknownService(f"There is no service with code '{submission.service_code}'.") from None
    _refuse_emergency(service, submission)
    errors: dict[str, list[str]] = {}
    place = _find_place(service, submission, errors)
    answers = _collect(errors, lambda: validate_answers(service, submission.answers), default={})
    _check_submission(submission, errors)
    if errors:
        raise ValidationError(errors)
    if submission.follow_request_id:
        return _follow_instead(submission, actor)
    duplicates = (
        find_duplicates(service, place.lat, place.lon, submission.description)
        if place.lat is not None and place.lon is not None else []
    )
    decision = route_request(service, place.districts)
    with transaction.atomic():
        request = _create_request(service, submission, place, answers, decision)
        _save_extras(request, submission, place)
        created = record_event(request, EventKind.CREATED, actor, submission.channel,
                               data={"duplicates_suggested": [c.request.public_id for c in duplicates]})
        record_event(request, EventKind.ROUTED, Actor.system("Routing"), submission.channel, is_public=False,
                     note=decision.reason, data={"department": decision.department.code,
                                                 "team": decision.team.name if decision.team else ""})
        queue_deliveries(request)  # the department systems' outbox, in this same transaction
        notify_after_commit(request, created)
    return IntakeResult(request, True, duplicates, routing=decision)


def check_before_queueing(service: ServiceType, submission: Submission) -> None:
    """What can be checked without looking the place up, for a channel that answers at once and files later
    (Open311's batch services): the same emergency refusal, answers, contact, description and media checks
    as file_request, and a location given in a usable shape. Raises EmergencyRefused or ValidationError."""
    _refuse_emergency(service, submission)
    errors: dict[str, list[str]] = {}
    _collect(errors, lambda: validate_answers(service, submission.answers))
    _check_submission(submission, errors)
    if _has_point(submission):
        try:
            validate_point(submission.lat, submission.lon)
        except ValueError as error:
            errors["lat"] = [str(error)]
    elif not (submission.address_id or submission.address.strip()) and service.location_required:
        errors["location"] = [LOCATION_MISSING]
    if errors:
        raise ValidationError(errors)


def _has_point(submission: Submission) -> bool:
    """A map point was given (even half of one, or a wrong one: checking it says what is wrong)."""
    return submission.lat not in (None, "") or submission.lon not in (None, "")


def _refuse_emergency(service: ServiceType, submission: Submission) -> None:
    answer_text = " ".join(str(value) for value in submission.answers.values() if isinstance(value, str))
    refusal = emergency_message(service, submission.description, answer_text)
    if refusal:
        raise EmergencyRefused(refusal)


def _collect(errors: dict[str, list[str]], check: Any, default: Any = None) -> Any:
    try:
        return check()
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(f"attribute[{name}]", []).extend(messages)
        return default


def _find_place(service: ServiceType, submission: Submission, errors: dict[str, list[str]]) -> _Place:
    if submission.address_id:
        point = AddressPoint.objects.filter(address_id=submission.address_id).first()
        if point is None:
            errors["address_id"] = [f"There is no address with id '{submission.address_id}'."]
            return _Place(None, None, "", None, "", [])
        return _Place(point.lat, point.lon, point.full_address, point, point.zip_code,
                      districts_at(point.lat, point.lon))
    if _has_point(submission):
        try:
            lat, lon = validate_point(submission.lat, submission.lon)
        except ValueError as error:
            errors["lat"] = [str(error)]
            return _Place(None, None, "", None, "", [])
        districts = districts_at(lat, lon)
        if not districts and District.objects.exists():
            errors["lat"] = [f"That location is outside {settings.CITY_NAME}."]
        point = None if submission.address else reverse_geocode(lat, lon)
        address = submission.address or (point.full_address if point else "")
        zip_code = submission.zip_code or (point.zip_code if point else "")
        return _Place(lat, lon, address, point, zip_code, districts)
    if submission.address.strip():
        matches = search_addresses(submission.address, limit=1)
        if matches and matches[0].score >= SURE_MATCH_SCORE:
            point = matches[0].point
            return _Place(point.lat, point.lon, point.full_address, point, point.zip_code,
                          districts_at(point.lat, point.lon))
        # Kept as typed for staff to place: refusing would lose the resident's report.
        return _Place(None, None, submission.address.strip(), None, submission.zip_code, [],
                      note="The address did not match the city's address list; staff must place it.")
    if service.location_required:
        errors["location"] = [LOCATION_MISSING]
    return _Place(None, None, "", None, submission.zip_code, [])


def _check_submission(submission: Submission, errors: dict[str, list[str]]) -> None:
    if submission.channel not in Channel.values:
        errors["channel"] = [f"Unknown channel '{submission.channel}'."]
    if len(submission.description) > MAX_DESCRIPTION:
        errors["description"] = [f"The description is too long (at most {MAX_DESCRIPTION} characters)."]
    contact = submission.contact
    if contact.email:
        try:
            validate_email(contact.email)
        except ValidationError:
            errors["email"] = [f"'{contact.email}' is not an email address."]
    if contact.phone and len(re.sub(r"\D", "", contact.phone)) < 7:
        errors["phone"] = [f"'{contact.phone}' is not a phone number."]
    if len(submission.photos) + len(submission.media_urls) > MAX_PHOTOS:
        errors["media"] = [f"At most {MAX_PHOTOS} photos per request."]
    for photo in submission.photos:
        problem = _photo_problem(photo)
        if problem:
            errors.setdefault("media", []).append(problem)
    url_validator = URLValidator(schemes=["http", "https"])
    for url in submission.media_urls:
        try:
            url_validator(url)
        except ValidationError:
            errors.setdefault("media_url", []).append(f"'{url}' is not a web address.")


def _photo_problem(photo: UploadedFile) -> str:
    if photo.size is not None and photo.size > MAX_PHOTO_BYTES:
        return f"{photo.name} is too large (at most {MAX_PHOTO_BYTES // (1024 * 1024)} MB)."
    head = photo.read(12)
    photo.seek(0)
    if not head.startswith(_IMAGE_SIGNATURES) or (head.startswith(b"RIFF") and head[8:12] != b"WEBP"):
        return f"{photo.name} is not a photo (JPEG, PNG, GIF or WebP)."
    return ""


def _public_file_name(upload: UploadedFile) -> str:
    """A random name: the one the phone sent may hold the reporter's name, and its URL is public."""
    extension = Path(upload.name or "").suffix.lower()
    return secrets.token_urlsafe(12) + (extension if re.fullmatch(r"\.[a-z0-9]{1,5}", extension) else "")


def _follow_instead(submission: Submission, actor: Actor) -> IntakeResult:
    public_id = normalize_public_id(submission.follow_request_id)
    existing = ServiceRequest.objects.filter(public_id=public_id).first()
    if existing is None or existing.status not in OPEN_STATUSES:
        raise ValidationError({"follow_request_id": [f"There is no open request {public_id} to follow."]})
    contact = submission.contact
    try:
        follower = follow_request(
            existing, actor=actor, channel=submission.channel, name=f"{contact.first_name} {contact.last_name}".strip(),
            email=contact.email, phone=contact.phone, language=submission.language,
        )
    except ValueError as error:
        raise ValidationError({"email": [str(error)]}) from None
    return IntakeResult(existing, False, follower=follower)


def _create_request(
    service: ServiceType, submission: Submission, place: _Place, answers: dict[str, Any], decision: RoutingDecision
) -> ServiceRequest:
    now = timezone.now()
    fields = dict(
        service=service, description=submission.description.strip(), lat=place.lat, lon=place.lon,
        address=place.address, address_point=place.point, zip_code=place.zip_code, answers=answers,
        channel=submission.channel, language=submission.language[:8] or "en",
        priority=submission.priority or service.default_priority, department=decision.department,
        team=decision.team, requested_at=now, updated_at=now, api_client=submission.api_client,
        expected_at=expected_completion(now, service.sla_amount, service.sla_unit, decision.department),
    )
    for _ in range(5):
        try:
            with transaction.atomic():
                return ServiceRequest.objects.create(public_id=new_public_id(), **fields)
        except IntegrityError:
            # A tracking number collision (about one in a billion): draw another.
            continue
    raise IntegrityError("Could not draw a free tracking number.")


def _save_extras(request: ServiceRequest, submission: Submission, place: _Place) -> None:
    if place.districts:
        request.districts.set(place.districts)
    contact = submission.contact
    if not contact.is_empty:
        ReporterContact.objects.create(
            request=request, first_name=contact.first_name[:100], last_name=contact.last_name[:100],
            email=contact.email, phone=contact.phone[:32], device_id=contact.device_id[:200],
            account_id=contact.account_id[:200], wants_updates=contact.wants_updates,
        )
    for upload in submission.photos:
        photo = Photo(request=request)
        photo.image.save(_public_file_name(upload), upload, save=False)
        photo.save()
    Photo.objects.bulk_create(Photo(request=request, url=url) for url in submission.media_urls)
    if place.note:
        record_event(request, EventKind.NOTE, Actor.system("Geocoder"), submission.channel, note=place.note,
                     is_public=False)
