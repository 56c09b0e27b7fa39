"""A text conversation that files a request, answers a question or gives a request's status.

One text in, one reply out (`reply_to`). What the resident has given so far is kept in their
`SmsConversation` row; a conversation idle for SMS_CONVERSATION_TIMEOUT_MINUTES starts over. The
steps: pick a service (numbered list or free text, searched like every channel), give and confirm
an address (the city's geocoder), answer the service's required questions (checked by the catalog's
own validation), optionally describe it and send a photo, follow a nearby report or file a new one
through `file_request`. Every conversation that ends is recorded as a contact.

Keywords work at any step. Twilio itself handles the carrier opt-out words (STOP, CANCEL, END, QUIT,
UNSUBSCRIBE, STOPALL) and blocks every reply afterwards, so they end the conversation silently and
are recorded as opt-outs; RESTART (or CANCELAR) starts over instead of CANCEL.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from civicdesk.catalog.choices import Datatype
from civicdesk.catalog.knowledge import search_help
from civicdesk.catalog.models import Article, ServiceQuestion, ServiceType
from civicdesk.catalog.services import emergency_in_text, validate_answers
from civicdesk.contacts.models import Outcome
from civicdesk.contacts.services import record_contact
from civicdesk.intake.models import SmsConversation
from civicdesk.intake.services import (
    guess_language,
    is_tracking_number,
    menu_services,
    plain_words,
    status_report,
)
from civicdesk.intake.sms.media import photos_from
from civicdesk.notifications.services import record_sms_start, record_sms_stop
from civicdesk.routing.geocoder import search_addresses
from civicdesk.routing.models import AddressPoint
from civicdesk.service_requests.actors import Actor
from civicdesk.service_requests.choices import Channel
from civicdesk.service_requests.duplicates import find_duplicates
from civicdesk.service_requests.intake import Contact, EmergencyRefused, Submission, UnknownService, file_request
from civicdesk.service_requests.services import request_by_public_id, requests_matching_typed_number

# Twilio's opt-out and opt-in words (single-word messages): it blocks or unblocks the number itself.
STOP_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE"})
START_WORDS = frozenset({"START", "UNSTOP"})
HELP_WORDS = frozenset({"HELP", "INFO", "AYUDA"})
RESTART_WORDS = frozenset({"RESTART", "START OVER", "REINICIAR", "CANCELAR", "EMPEZAR"})
LANGUAGE_WORDS = {"ESPANOL": "es", "SPANISH": "es", "ENGLISH": "en", "INGLES": "en"}
YES_WORDS = frozenset({"YES", "Y", "SI", "S"})
NO_WORDS = frozenset({"NO", "N"})
SKIP_WORDS = frozenset({"SKIP", "NO", "NONE", "OMITIR", "SALTAR", "NADA"})
FOLLOW_WORDS = frozenset({"FOLLOW", "SEGUIR"})
NEW_WORDS = frozenset({"NEW", "NUEVO", "NUEVA"})
ADDRESS_MIN_SCORE = 80  # below this the geocoder is guessing: ask again
MAX_STATUS_MATCHES = 3

SERVICE, ADDRESS, CONFIRM_ADDRESS, QUESTION, DETAILS, PHOTO, DUPLICATE = (
    "service", "address", "confirm_address", "question", "details", "photo", "duplicate",
)


@dataclass(frozen=True)
class TextMessage:
    """One incoming text: who sent it, what it says, and the first photo with it (MMS), if any."""

    phone: str
    body: str
    media_url: str = ""

    @classmethod
    def from_twilio(cls, fields: Mapping[str, str]) -> "TextMessage":
        """Read Twilio's Messaging webhook fields (From, Body, NumMedia, MediaUrlN, MediaContentTypeN)."""
        count = int(fields.get("NumMedia", "0")) if fields.get("NumMedia", "0").isdecimal() else 0
        images = [fields.get(f"MediaUrl{index}", "") for index in range(count)
                  if fields.get(f"MediaContentType{index}", "").startswith("image/")]
        return cls(phone=fields.get("From", "").strip(), body=fields.get("Body", "").strip()[:1600],
                   media_url=next((url for url in images if url), ""))


def reply_to(message: TextMessage, *, now: datetime | None = None) -> str:
    """The reply to one text ("" for none). Keywords first, then the resident's conversation."""
    moment = now or timezone.now()
    word = plain_words(message.body)
    with transaction.atomic():
        conversation = SmsConversation.objects.select_for_update().filter(phone=message.phone).first()
        if conversation is not None and conversation.updated_at < moment - timeout():
            _finish(conversation, Outcome.ABANDONED)
            conversation = None
        language = conversation.language if conversation else guess_language(message.body)
        if word in STOP_WORDS:
            record_sms_stop(message.phone)
            if conversation is not None:
                _finish(conversation, Outcome.ABANDONED)
            return ""  # Twilio refuses to send anything after an opt-out word
        if word in START_WORDS or word == "YES":
            record_sms_start(message.phone)  # Twilio opts the number back in on YES as well
        with translation.override(language):
            if word in START_WORDS:
                return _welcome()
            if word in HELP_WORDS:
                return _help()
        if word in LANGUAGE_WORDS:
            return _switch_language(message, conversation, LANGUAGE_WORDS[word], moment)
        if word in RESTART_WORDS:
            if conversation is not None:
                _finish(conversation, Outcome.ABANDONED)
            with translation.override(language):
                return _("Starting over.") + "\n" + _start(message, language, moment, text="")
        if conversation is None:
            with translation.override(language):
                return _start(message, language, moment, text=message.body)
        with translation.override(conversation.language):
            answer = _continue(conversation, message)
        if conversation.pk is not None:
            conversation.updated_at = moment
            conversation.save()
        return answer


def new_conversation(*, channel: str, language: str, started_at: datetime) -> SmsConversation:
    """A text conversation another channel keeps itself (web chat): never saved here; it files and records
    its contact under `channel` and skips the photo step. Pass it to `reply_in_conversation`."""
    return SmsConversation(phone="", language=language, step=SERVICE, started_at=started_at, updated_at=started_at,
                           data={"answers": {}, "channel": channel, "photo_asked": True})


def reply_in_conversation(conversation: SmsConversation, text: str) -> str:
    """The reply to one message of a conversation from `new_conversation`: the same steps, questions and
    filing as by text. Afterwards `conversation.step` is "" if it ended, and `data["contact"]` names the
    contact recorded for it."""
    with translation.override(conversation.language):
        return _continue(conversation, TextMessage(phone=conversation.phone, body=text))


def _channel(conversation: SmsConversation) -> str:
    return str(conversation.data.get("channel", Channel.SMS))


def _in_chat(conversation: SmsConversation) -> bool:
    """The web chat's bot: the same steps, but no phone number to text back."""
    return _channel(conversation) == Channel.CHAT


def timeout() -> timedelta:
    return timedelta(minutes=settings.SMS_CONVERSATION_TIMEOUT_MINUTES)


def close_stale_conversations(now: datetime | None = None) -> int:
    """Record every conversation idle past the timeout as abandoned (or answered) and drop it."""
    cutoff = (now or timezone.now()) - timeout()
    closed = 0
    for phone in SmsConversation.objects.filter(updated_at__lt=cutoff).values_list("phone", flat=True):
        with transaction.atomic():
            # Locked and checked again: the resident may have texted since the list was read.
            conversation = SmsConversation.objects.select_for_update().filter(phone=phone, updated_at__lt=cutoff)
            for stale in conversation:
                _finish(stale, Outcome.ABANDONED)
                closed += 1
    return closed


# --- Starting ------------------------------------------------------------------------------------------


def _welcome() -> str:
    return _("Welcome to %(city)s 311 by text.") % {"city": settings.CITY_NAME} + " " + _help_words()


def _help() -> str:
    return _("%(city)s 311 by text.") % {"city": settings.CITY_NAME} + " " + _help_words()


def _help_words() -> str:
    return _("Describe a problem to report it, or send a tracking number to hear its status. "
             "RESTART starts over, ESPAÑOL for Spanish, STOP ends texts. Emergencies: call 911.")


def _emergency(message: str) -> str:
    return translation.gettext(message)


def _start(message: TextMessage, language: str, now: datetime, *, text: str) -> str:
    """A text with no conversation open: a tracking number, an emergency, or the start of a report."""
    if text and is_tracking_number(text):
        return _status(message.phone, text, language)
    conversation = SmsConversation(phone=message.phone, language=language, step=SERVICE, started_at=now,
                                   updated_at=now, data={"answers": {}, "photo": message.media_url})
    if not text:
        conversation.data["offered"] = [service.service_code for service in menu_services()]
        conversation.save()
        return _prompt(conversation)
    reply = _choose_service(conversation, text)
    if conversation.step:  # an emergency ends the conversation before it is kept
        conversation.save()
    return reply


def _status(phone: str, text: str, language: str, channel: str = Channel.SMS) -> str:
    found = requests_matching_typed_number(text)
    if not found:
        return _("We found no request with the number %(number)s. Check it and send it again.") % {
            "number": text.strip().upper()}
    lines = []
    for request in found[:MAX_STATUS_MATCHES]:
        report = status_report(request, language)
        line = _("%(number)s, %(service)s: %(status)s. %(meaning)s") % {
            "number": report.public_id, "service": report.service, "status": report.status, "meaning": report.meaning}
        if report.address:
            line += " " + _("Place: %(address)s.") % {"address": report.address}
        if report.expected:
            line += " " + _("Expected by %(date)s.") % {"date": report.expected}
        lines.append(line)
    record_contact(channel=channel, outcome=Outcome.STATUS_GIVEN, request=found[0], language=language,
                   summary=f"Status of {found[0].public_id} by {Channel(channel).label.lower()}")
    return "\n".join(lines)


# --- The steps ------------------------------------------------------------------------------------------


def _continue(conversation: SmsConversation, message: TextMessage) -> str:
    text, word = message.body, plain_words(message.body)
    if message.media_url and not conversation.data.get("photo"):
        conversation.data["photo"] = message.media_url
    if text and emergency_in_text(text):
        return _finish_emergency(conversation, settings.EMERGENCY_MESSAGE)
    if conversation.step == SERVICE:
        if is_tracking_number(text):
            return _status(conversation.phone, text, conversation.language, _channel(conversation))
        return _choose_service(conversation, text)
    service = _service(conversation)
    if service is None:
        _finish(conversation, Outcome.ABANDONED)
        return _("That service is no longer offered. Send a message to start over.")
    if conversation.step == ADDRESS:
        return _place(conversation, text)
    if conversation.step == CONFIRM_ADDRESS:
        if word in YES_WORDS or word == "1":
            conversation.data.update(address_id=conversation.data["candidate"]["id"],
                                     address_label=conversation.data["candidate"]["label"])
            return _advance(conversation, service)
        if word in NO_WORDS or word == "2":
            conversation.step = ADDRESS
            return _("Please send the address again, with the house number.")
        return _place(conversation, text)
    if conversation.step == QUESTION:
        return _answer(conversation, service, text)
    if conversation.step == DETAILS:
        if word not in SKIP_WORDS:
            conversation.data["description"] = text
        return _advance(conversation, service)
    if conversation.step == PHOTO:
        if text and word not in SKIP_WORDS and not message.media_url:
            conversation.data["description"] = " ".join(filter(None, [conversation.data.get("description"), text]))
        return _advance(conversation, service)
    if conversation.step == DUPLICATE:
        if word in FOLLOW_WORDS:
            # A web chat has no phone number or email to send the request's news to: it is pointed to it.
            if _in_chat(conversation):
                return _point_to_existing(conversation)
            return _file(conversation, follow=conversation.data["duplicate"])
        if word in NEW_WORDS:
            return _file(conversation)
        return _prompt(conversation)
    return _prompt(conversation)


def _choose_service(conversation: SmsConversation, text: str) -> str:
    """A number from the list offered, or words searched like every channel searches them."""
    offered: list[str] = conversation.data.get("offered") or [service.service_code for service in menu_services()]
    choice = text.strip().rstrip(".")
    if choice.isdecimal():
        if 1 <= int(choice) <= len(offered):
            service = ServiceType.objects.filter(service_code=offered[int(choice) - 1], is_active=True).first()
            if service is not None:
                return _service_chosen(conversation, service)
        conversation.data["offered"] = offered
        return _("Please reply with one of the numbers.") + "\n" + _prompt(conversation)
    results = search_help(text, conversation.language)
    if results.emergency:
        return _finish_emergency(conversation, results.emergency)
    conversation.data["description"] = text[:1000]
    found = [answer.key for answer in results.services][:5]
    conversation.data["offered"] = found or [service.service_code for service in menu_services()]
    article = next(iter(results.articles), None)
    lines = []
    if article is not None and (not found or results.answers[0].kind == "article"):
        conversation.data["article"] = article.key
        lines.append(f"{article.title}: {article.summary}")
    if not found:
        lines.append(_("We did not find a service for that."))
    lines.append(_prompt(conversation))
    return "\n".join(lines)


def _service_chosen(conversation: SmsConversation, service: ServiceType) -> str:
    if service.is_emergency:
        return _finish_emergency(conversation, service.emergency_message or settings.EMERGENCY_MESSAGE)
    conversation.data["service"] = service.service_code
    if service.location_required:
        conversation.step = ADDRESS
        return _prompt(conversation)
    return _advance(conversation, service)


def _place(conversation: SmsConversation, text: str) -> str:
    matches = search_addresses(text, limit=1) if text else []
    if not matches or matches[0].score < ADDRESS_MIN_SCORE:
        conversation.step = ADDRESS
        return _("We could not find that address in %(city)s. Please send the house number and street, "
                 "like 120 N Main St.") % {"city": settings.CITY_NAME}
    point = matches[0].point
    conversation.data["candidate"] = {"id": point.address_id, "label": point.full_address}
    conversation.step = CONFIRM_ADDRESS
    return _prompt(conversation)


def _answer(conversation: SmsConversation, service: ServiceType, text: str) -> str:
    question = service.questions.prefetch_related("values").filter(code=conversation.data["question"]).first()
    if question is None:
        return _advance(conversation, service)
    value = _read_answer(question, text)
    answers = {**conversation.data["answers"], question.code: value}
    try:
        validate_answers(service, answers)
    except ValidationError as error:
        if question.code in error.message_dict:
            return _("Sorry, that answer does not fit.") + "\n" + _prompt(conversation)
    conversation.data["answers"] = answers
    return _advance(conversation, service)


def _read_answer(question: ServiceQuestion, text: str) -> Any:
    """Numbers pick from a list question's choices (by position); a choice's name or key works too."""
    if not question.is_list:
        return text.strip()
    values = list(question.values.all())
    by_name = {plain_words(name): value.key for value in values for name in (value.key, value.name, value.name_es)
               if name}
    picked = []
    for part in text.replace(",", " ").split() if question.datatype == Datatype.MULTIVALUELIST else [text]:
        part = part.strip()
        if part.isdecimal() and 1 <= int(part) <= len(values):
            picked.append(values[int(part) - 1].key)
        else:
            picked.append(by_name.get(plain_words(part), part))
    return picked if question.datatype == Datatype.MULTIVALUELIST else picked[0]


def _advance(conversation: SmsConversation, service: ServiceType) -> str:
    """The next thing to ask, or the filing once everything is in."""
    data = conversation.data
    answered = set(data["answers"])
    question = next((question for question in _required_questions(service) if question.code not in answered), None)
    if question is not None:
        conversation.step, data["question"] = QUESTION, question.code
        return _prompt(conversation)
    if not data.get("description") and not data.get("details_asked"):
        conversation.step, data["details_asked"] = DETAILS, True
        return _prompt(conversation)
    if not data.get("photo") and not data.get("photo_asked"):
        conversation.step, data["photo_asked"] = PHOTO, True
        return _prompt(conversation)
    if not data.get("duplicate_offered"):
        data["duplicate_offered"] = True
        nearby = _nearby_report(service, data)
        if nearby:
            conversation.step, data["duplicate"] = DUPLICATE, nearby
            return _prompt(conversation)
    return _file(conversation)


def _required_questions(service: ServiceType) -> list[ServiceQuestion]:
    return list(service.questions.filter(required=True, variable=True).prefetch_related("values"))


def _nearby_report(service: ServiceType, data: dict[str, Any]) -> str:
    point = AddressPoint.objects.filter(address_id=data.get("address_id") or None).first()
    if point is None:
        return ""
    candidates = find_duplicates(service, point.lat, point.lon, data.get("description", ""), limit=1)
    return candidates[0].request.public_id if candidates else ""


def _prompt(conversation: SmsConversation) -> str:
    """What the current step asks, in the conversation's language (also re-asked after a language switch)."""
    data, language = conversation.data, conversation.language
    if conversation.step == SERVICE:
        services = {service.service_code: service for service in ServiceType.objects.filter(
            service_code__in=data.get("offered", []))}
        lines = [f"{number} {services[code].localized_name(language)}"
                 for number, code in enumerate(data.get("offered", []), 1) if code in services]
        return "\n".join([_("What would you like to report? Reply with a number:"), *lines,
                          _("Or describe the problem in a few words.")])
    if conversation.step == ADDRESS:
        return _("Where is it? Send the street address, like 120 N Main St.")
    if conversation.step == CONFIRM_ADDRESS:
        return _("Did you mean %(address)s? Reply YES or NO.") % {"address": data["candidate"]["label"]}
    if conversation.step == QUESTION:
        question = ServiceQuestion.objects.prefetch_related("values").get(
            service__service_code=data["service"], code=data["question"])
        return _question_text(question, language)
    if conversation.step == DETAILS:
        return _("Describe the problem in a few words, or reply SKIP.")
    if conversation.step == PHOTO:
        return _("If you can, send a photo of the problem now. Otherwise reply SKIP.")
    if conversation.step == DUPLICATE:
        if _in_chat(conversation):  # a chat has no phone number or email to send its news to
            return _("Someone already reported this close by: %(number)s. You can track it on this site by its "
                     "number. Reply FOLLOW if it is the same problem, or NEW to send your own report."
                     ) % {"number": data["duplicate"]}
        return _("Someone already reported this close by: %(number)s. Reply FOLLOW to get texts when it changes, "
                 "or NEW to send your own report.") % {"number": data["duplicate"]}
    return _help()


def _question_text(question: ServiceQuestion, language: str) -> str:
    prompt = question.localized_prompt(language)
    if not question.is_list:
        hints: dict[str, str] = {Datatype.NUMBER: _("Reply with a number."),
                                 Datatype.DATETIME: _("Reply with a date and time, like 2026-11-20 14:05.")}
        hint = hints.get(question.datatype, "")
        return " ".join(filter(None, [prompt, hint]))
    names = [f"{number} {value.localized_name(language)}"
             for number, value in enumerate(question.values.all(), 1)]
    hint = (_("Reply with one or more numbers, like 1,3.") if question.datatype == Datatype.MULTIVALUELIST
            else _("Reply with a number."))
    return "\n".join([prompt, *names, hint])


# --- Ending ---------------------------------------------------------------------------------------------


def _service(conversation: SmsConversation) -> ServiceType | None:
    return ServiceType.objects.filter(service_code=conversation.data.get("service", ""), is_active=True).first()


def _file(conversation: SmsConversation, follow: str = "") -> str:
    """File the report (or follow the nearby one) through the one intake function."""
    data = conversation.data
    photos = photos_from(data.get("photo", ""))
    submission = Submission(
        service_code=data.get("service", ""), channel=_channel(conversation), description=data.get("description", ""),
        address_id=data.get("address_id", ""), answers=data.get("answers", {}),
        contact=Contact(phone=conversation.phone), photos=photos.photos, media_urls=photos.media_urls,
        language=conversation.language, follow_request_id=follow,
    )
    try:
        result = file_request(submission, actor=Actor.resident())
    except EmergencyRefused as refusal:
        return _finish_emergency(conversation, str(refusal))
    except (UnknownService, ValidationError):
        _finish(conversation, Outcome.ABANDONED)
        return _("Sorry, we could not file this report. Send a message to start over, or call 311.")
    number = result.request.public_id
    if not result.created:
        _finish(conversation, Outcome.FOLLOWER_ADDED, request=result.request)
        return _("Done. You will get a text when %(number)s changes.") % {"number": number}
    _finish(conversation, Outcome.REQUEST_FILED, request=result.request)
    return _("Thank you, your report is filed. Tracking number: %(number)s. Send that number here any time "
             "to hear its status.") % {"number": number}


def _point_to_existing(conversation: SmsConversation) -> str:
    """The web chat's "same problem": nothing is filed, and there is no address to send the request's news to
    (a follower needs one), so the resident is pointed to its tracking page."""
    existing = request_by_public_id(conversation.data["duplicate"])
    _finish(conversation, Outcome.ANSWERED, request=existing,
            summary=f"Same problem as {conversation.data['duplicate']}: pointed to it, nothing filed")
    return _("Thank you. Nothing new was filed: track %(number)s any time on this site by its number."
             ) % {"number": conversation.data["duplicate"]}


def _finish_emergency(conversation: SmsConversation, message: str) -> str:
    _finish(conversation, Outcome.ANSWERED, summary="Emergency: told to call 911")
    return _emergency(message)


def _finish(conversation: SmsConversation, outcome: str, *, request: Any = None, summary: str = "") -> None:
    """Record how the conversation ended as a contact, and forget it. An answer read counts as answered."""
    data = conversation.data
    article = Article.objects.filter(slug=data.get("article") or None).first()
    if outcome == Outcome.ABANDONED and article is not None:
        outcome = Outcome.ANSWERED
    data["contact"] = record_contact(
        channel=_channel(conversation), outcome=outcome, started_at=conversation.started_at, request=request,
        article=article, service=_service(conversation) if request is None else None, language=conversation.language,
        summary=summary or data.get("description", ""),
    ).pk
    if conversation.pk is not None:
        conversation.delete()
    conversation.step = ""


def _switch_language(message: TextMessage, conversation: SmsConversation | None, language: str,
                     now: datetime) -> str:
    if conversation is None:
        conversation = SmsConversation(phone=message.phone, step=SERVICE, started_at=now,
                                       data={"answers": {}, "offered": [s.service_code for s in menu_services()]})
    conversation.language, conversation.updated_at = language, now
    conversation.save()
    with translation.override(language):
        return _("We will text you in English.") + "\n" + _prompt(conversation)
