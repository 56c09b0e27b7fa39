"""Catalog rules: validating answers to a service's questions, and spotting emergencies."""

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from civicdesk.catalog.choices import Datatype
from civicdesk.catalog.models import ServiceQuestion, ServiceType

MAX_STRING = 1000
MAX_TEXT = 10000


def active_service(service_code: str) -> ServiceType:
    """The active service type with this code, or ServiceType.DoesNotExist."""
    return ServiceType.objects.get(service_code=service_code, is_active=True)


def emergency_message(service: ServiceType, *texts: str) -> str | None:
    """The "call 911" message when the service or the words describe an emergency, else None."""
    if service.is_emergency:
        return service.emergency_message or settings.EMERGENCY_MESSAGE
    return emergency_in_text(*texts)


def emergency_in_text(*texts: str) -> str | None:
    joined = " ".join(text.lower() for text in texts if text)
    for phrase in settings.EMERGENCY_KEYWORDS:
        if re.search(_keyword_pattern(phrase), joined):
            return settings.EMERGENCY_MESSAGE
    return None


def _keyword_pattern(phrase: str) -> str:
    """Whole words, any spacing or line break between them, and "gas leaks" / "live wires" as well."""
    words = r"\s+".join(re.escape(word) for word in phrase.lower().split())
    return rf"\b{words}(?:s|es)?\b"


def validate_answers(service: ServiceType, raw_answers: Mapping[str, Any]) -> dict[str, Any]:
    """Check answers against the service's questions; return them cleaned, keyed by question code.

    Raises ValidationError with one message per question code that is wrong or missing.
    """
    questions = {question.code: question for question in service.questions.prefetch_related("values")}
    errors: dict[str, str] = {}
    for code in raw_answers:
        if code not in questions:
            errors[code] = f"'{service.name}' has no question '{code}'."
    cleaned: dict[str, Any] = {}
    for code, question in questions.items():
        if not question.variable:
            continue
        raw = raw_answers.get(code)
        if _is_empty(raw):
            if question.required:
                errors[code] = f"Please answer: {question.prompt}"
            continue
        try:
            cleaned[code] = _clean_answer(question, raw)
        except ValueError as error:
            errors[code] = str(error)
    if errors:
        raise ValidationError(errors)
    return cleaned


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
            raise ValueError(f"'{question.prompt}' takes one answer.")
        raw = values[0]
    return str(raw).strip()


def _clean_answer(question: ServiceQuestion, raw: Any) -> Any:
    if question.datatype == Datatype.MULTIVALUELIST:
        items = raw if isinstance(raw, list | tuple) else str(raw).split(",")
        keys = [str(item).strip() for item in items if not _is_empty(item)]
        allowed = {value.key for value in question.values.all()}
        unknown = [key for key in keys if key not in allowed]
        if unknown:
            raise ValueError(f"'{', '.join(unknown)}' is not a choice for '{question.prompt}'.")
        return list(dict.fromkeys(keys))
    value = _single(question, raw)
    if question.datatype == Datatype.SINGLEVALUELIST:
        if value not in {choice.key for choice in question.values.all()}:
            raise ValueError(f"'{value}' is not a choice for '{question.prompt}'.")
        return value
    if question.datatype == Datatype.NUMBER:
        try:
            number = float(value)
        except ValueError:
            raise ValueError(f"'{question.prompt}' must be a number.") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError(f"'{question.prompt}' must be a number.")
        return int(number) if number.is_integer() else number
    if question.datatype == Datatype.DATETIME:
        return parse_datetime_answer(question.prompt, value).isoformat()
    limit = MAX_TEXT if question.datatype == Datatype.TEXT else MAX_STRING
    if len(value) > limit:
        raise ValueError(f"'{question.prompt}' is too long (at most {limit} characters).")
    return value


def parse_datetime_answer(label: str, value: str) -> datetime:
    """Accept ISO dates with 'T' or a space, 'Z' or an offset; naive ones are city time."""
    try:
        parsed = parse_datetime(value.replace("Z", "+00:00"))
    except ValueError:
        parsed = None
    if parsed is None:
        raise ValueError(f"'{label}' must be a date and time such as 2026-11-20T14:05:00-06:00.")
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed
