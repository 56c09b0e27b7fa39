"""Catalog rules: validating answers to a service's questions, spotting emergencies, and a cached copy of
each service's definition for the busiest paths."""

import hashlib
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from civicdesk.catalog.choices import Datatype
from civicdesk.catalog.models import ServiceQuestion, ServiceType
from civicdesk.departments.models import Department
from civicdesk.held import Held

MAX_STRING = 1000
MAX_TEXT = 10000
# How long a process may answer from its copy of a service's definition after an admin changes it elsewhere
# (with Redis as the cache every process sees the change within VERSION_HOLD_SECONDS: it bumps the shared version).
DEFINITION_SECONDS = 60
_VERSION_KEY = "catalog:version"
_HELD_DEFINITIONS_MAX = 500
# (catalog version, service code): (time it expires, definition). A new version (any change to the catalog,
# seen through the shared cache) leaves the old entries unused.
_held_definitions: dict[tuple[int, str], tuple[float, ServiceType]] = {}
# The version as last read from the cache, kept this long before asking again: with Redis as the cache, a round
# trip fewer on each Open311 POST; a change made in another process is seen here that much later.
VERSION_HOLD_SECONDS = 2
held_version: Held[str, int] = Held(VERSION_HOLD_SECONDS)


def active_service(service_code: str) -> ServiceType:
    """The active service type with this code, or ServiceType.DoesNotExist."""
    return ServiceType.objects.get(service_code=service_code, is_active=True)


def cached_service(service_code: str) -> ServiceType | None:
    """The active service with this code, its questions and their values loaded, from the cache when it can;
    None when there is no such active service. Read-only: save nothing through it (one copy serves every
    thread of the process)."""
    version = _version()
    now = time.time()
    held = _held_definitions.get((version, service_code))
    if held is not None and held[0] > now:
        return held[1]
    # Hashed: codes sent by outside apps may hold any character, and keys must stay short and plain.
    key = f"catalog:definition:{version}:{hashlib.sha1(service_code.encode()).hexdigest()}"
    shared: tuple[float, ServiceType] | None = cache.get(key)  # (when read from the database, the definition)
    if shared is None:
        questions = ServiceQuestion.objects.prefetch_related("values").order_by("order", "id")
        service = (
            ServiceType.objects.select_related("default_department")
            .prefetch_related(Prefetch("questions", queryset=questions))
            .filter(service_code=service_code, is_active=True).first()
        )
        if service is None:  # unknown codes are not kept: anyone can send any number of them
            return None
        shared = (now, service)
        cache.set(key, shared, timeout=DEFINITION_SECONDS)
    # Also held in this process as it is, until DEFINITION_SECONDS after it was read from the database: reading
    # it back from the cache unpickles the whole definition (about half a millisecond), on every Open311 POST.
    read_at, service = shared
    if len(_held_definitions) >= _HELD_DEFINITIONS_MAX:
        _held_definitions.clear()
    _held_definitions[(version, service_code)] = (read_at + DEFINITION_SECONDS, service)
    return service


def _version() -> int:
    """The catalog's version in the cache; a new one (never an old number) when the cache has none."""
    version = held_version.get_or_read(
        _VERSION_KEY, lambda: int(cache.get_or_set(_VERSION_KEY, _new_version, timeout=None) or 0))
    return version or 0  # (never None here: this read always gives a number)


@dataclass(frozen=True)
class CatalogNames:
    services: dict[int, tuple[str, str, str]]  # id: code, name, Spanish name
    departments: dict[int, str]  # id: name

    def codes(self) -> set[str]:
        return {code for code, _, _ in self.services.values()}


def catalog_names(*, fresh: bool = False) -> CatalogNames:
    """Every service's code and names and every department's name, by id, from the cache when it can: lists of
    requests show them without joining those tables for each row. `fresh`: read them again (callers ask when
    they meet an id or code the cached names lack: added in another process, whose cache this one is not)."""
    key = f"catalog:names:{_version()}"
    names: CatalogNames | None = None if fresh else cache.get(key)
    if names is None:
        names = CatalogNames(
            services={pk: (code, name, name_es) for pk, code, name, name_es in ServiceType.objects.values_list(
                "id", "service_code", "name", "name_es")},
            departments=dict(Department.objects.values_list("id", "name")),
        )
        cache.set(key, names, timeout=DEFINITION_SECONDS)
    return names


def _new_version() -> int:
    """Milliseconds now: a version never handed out before, so a lost counter never brings old entries back."""
    return int(timezone.now().timestamp() * 1000)


def forget_definitions() -> None:
    """Called on every change to a service, question or value (catalog/signals.py)."""
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:  # not set yet, or evicted: a new number, never an old one
        cache.set(_VERSION_KEY, _new_version(), timeout=None)
    held_version.forget()


def emergency_message(service: ServiceType, *texts: str) -> str | None:
    """The "call 911" message when the service or the words describe an emergency, else None."""
    if service.is_emergency:
        return service.emergency_message or settings.EMERGENCY_MESSAGE
    return emergency_in_text(*texts)


def emergency_in_text(*texts: str) -> str | None:
    joined = " ".join(text.lower() for text in texts if text)
    if _emergency_words(tuple(settings.EMERGENCY_KEYWORDS)).search(joined):
        return settings.EMERGENCY_MESSAGE
    return None


@lru_cache(maxsize=4)
def _emergency_words(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """All the emergency phrases as one compiled pattern (built once per list, not at every report)."""
    return re.compile("|".join(f"(?:{_keyword_pattern(phrase)})" for phrase in phrases) or r"(?!)")


def _keyword_pattern(phrase: str) -> str:
    """Whole words, any spacing or line break between them, and "gas leaks" / "live wires" as well."""
    words = r"\s+".join(re.escape(word) for word in phrase.lower().split())
    return rf"\b{words}(?:s|es)?\b"


def validate_answers(service: ServiceType, raw_answers: Mapping[str, Any]) -> dict[str, Any]:
    """Check answers against the service's questions; return them cleaned, keyed by question code.

    Raises ValidationError with one message per question code that is wrong or missing.
    """
    questions = {question.code: question for question in _questions(service)}
    errors: dict[str, str] = {}
    for code in raw_answers:
        if code not in questions:
            errors[code] = _("'%(service)s' has no question '%(code)s'.") % {
                "service": service.localized_name(get_language() or "en"), "code": code}
    cleaned: dict[str, Any] = {}
    for code, question in questions.items():
        if not question.variable:
            continue
        raw = raw_answers.get(code)
        if _is_empty(raw):
            if question.required:
                errors[code] = _("Please answer: %(question)s") % {"question": _prompt(question)}
            continue
        try:
            cleaned[code] = _clean_answer(question, raw)
        except ValueError as error:
            errors[code] = str(error)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _questions(service: ServiceType) -> list[ServiceQuestion]:
    """The service's questions with their values: the prefetched ones when `cached_service` loaded them."""
    if "questions" in getattr(service, "_prefetched_objects_cache", {}):
        return list(service.questions.all())
    return list(service.questions.prefetch_related("values"))


def _prompt(question: ServiceQuestion) -> str:
    """The question as the resident read it: in Spanish when that is the active language and it has one."""
    return question.localized_prompt(get_language() or "en")


def _is_empty(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return raw.strip() == ""
    if isinstance(raw, list | tuple):
        return all(_is_empty(item) for item in raw)
    return False


def _single(question: ServiceQuestion, raw: Any) -> str:
    if isinstance(raw, list | tuple):
        values = [item for item in raw if not _is_empty(item)]
        if len(values) != 1:
            raise ValueError(_("'%(question)s' takes one answer.") % {"question": _prompt(question)})
        raw = values[0]
    return str(raw).strip()


def _clean_answer(question: ServiceQuestion, raw: Any) -> Any:
    if question.datatype == Datatype.MULTIVALUELIST:
        items = raw if isinstance(raw, list | tuple) else str(raw).split(",")
        keys = [str(item).strip() for item in items if not _is_empty(item)]
        allowed = {value.key for value in question.values.all()}
        unknown = [key for key in keys if key not in allowed]
        if unknown:
            raise ValueError(_("'%(answer)s' is not a choice for '%(question)s'.") % {
                "answer": ", ".join(unknown), "question": _prompt(question)})
        return list(dict.fromkeys(keys))
    value = _single(question, raw)
    if question.datatype == Datatype.SINGLEVALUELIST:
        if value not in {choice.key for choice in question.values.all()}:
            raise ValueError(_("'%(answer)s' is not a choice for '%(question)s'.") % {
                "answer": value, "question": _prompt(question)})
        return value
    if question.datatype == Datatype.NUMBER:
        try:
            number = float(value)
        except ValueError:
            raise ValueError(_("'%(question)s' must be a number.") % {"question": _prompt(question)}) from None
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError(_("'%(question)s' must be a number.") % {"question": _prompt(question)})
        return int(number) if number.is_integer() else number
    if question.datatype == Datatype.DATETIME:
        return parse_datetime_answer(_prompt(question), value).isoformat()
    limit = MAX_TEXT if question.datatype == Datatype.TEXT else MAX_STRING
    if len(value) > limit:
        raise ValueError(_("'%(question)s' is too long (at most %(limit)d characters).") % {
            "question": _prompt(question), "limit": limit})
    return value


def parse_datetime_answer(label: str, value: str) -> datetime:
    """Accept ISO dates with 'T' or a space, 'Z' or an offset; naive ones are city time."""
    try:
        parsed = parse_datetime(value.replace("Z", "+00:00"))
    except ValueError:
        parsed = None
    if parsed is None:
        raise ValueError(_("'%(question)s' must be a date and time such as 2026-11-20T14:05:00-06:00.") % {
            "question": label})
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed
