"""What residents are told about a request's status and resolution, in plain words (pages and messages)."""

import re
from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from civicdesk.service_requests.choices import Resolution, Status

STATUS_IN_PLAIN_WORDS: dict[str, Promise] = {
    Status.NEW: _("We received your request. Staff will look at it soon."),
    Status.ACKNOWLEDGED: _("City staff have read the request and will send it to a crew."),
    Status.ASSIGNED: _("A crew or staff member has been given the work."),
    Status.IN_PROGRESS: _("Work is under way."),
    Status.SCHEDULED: _("The work is scheduled."),
    Status.REFERRED: _("The request was passed to another agency or program. The city has not done the work."),
    Status.RESOLVED: _("The city says the work is done."),
    Status.CLOSED: _("This request is closed."),
}

RESOLUTION_IN_PLAIN_WORDS: dict[str, Promise] = {
    Resolution.FIXED: _("The problem was fixed."),
    Resolution.NO_ACTION_NEEDED: _("Staff checked and found nothing that needed to be done."),
    Resolution.DUPLICATE: _("Someone had already reported this problem. Updates continue on that request."),
    Resolution.REFERRED_ELSEWHERE: _("Another agency handles this problem, and the request was passed to them."),
    Resolution.COULD_NOT_LOCATE: _("Staff could not find the problem at the place given."),
    Resolution.INVALID: _("The city could not act on this request."),
}


def status_in_plain_words(status: str) -> str:
    return str(STATUS_IN_PLAIN_WORDS.get(status, ""))


def resolution_in_plain_words(resolution: str) -> str:
    return str(RESOLUTION_IN_PLAIN_WORDS.get(resolution, ""))


# --- Message templates ------------------------------------------------------------------------------
# The placeholders a template may use, with what each becomes (shown to administrators).
PLACEHOLDERS: dict[str, str] = {
    "request_number": "The tracking number, e.g. RIV-24-000123",
    "service": "The service type, in the resident's language",
    "status": "The request's status word (Closed, Scheduled, ...)",
    "status_words": "What the status means, in plain words",
    "resolution": "The resolution word (Fixed, Duplicate of another request, ...)",
    "resolution_words": "What the resolution means, in plain words",
    "resolution_notes": "Staff's public words on how it was resolved",
    "note": "The public note or reason that came with the change",
    "address": "The request's address",
    "expected_by": "When the city expects to finish",
    "track_url": "The request's tracking page",
    "survey_url": "The feedback survey (closure and survey messages only)",
    "stop_url": "The page that stops updates about this request",
    "city": "The city's name",
}
_BRACED = re.compile(r"\{([^{}]*)\}")


def placeholder_problems(text: str) -> list[str]:
    """What is wrong with a template's placeholders, as messages an administrator can act on."""
    problems = [
        f"Unknown placeholder {{{name}}}. You can use: {', '.join('{' + known + '}' for known in PLACEHOLDERS)}."
        for name in dict.fromkeys(_BRACED.findall(text)) if name not in PLACEHOLDERS
    ]
    if not problems and ("{" in _BRACED.sub("", text) or "}" in _BRACED.sub("", text)):
        problems.append("A brace is not closed: write placeholders as {request_number}.")
    return problems


def _value(match: re.Match[str], values: Mapping[str, str]) -> str:
    """A known placeholder becomes its value (empty if none); anything else stays as written."""
    name = match.group(1)
    return values.get(name, "") if name in PLACEHOLDERS else match.group(0)


def fill(text: str, values: Mapping[str, str]) -> str:
    """Put the values in; leave out lines whose placeholders are all empty, and the gaps they leave."""
    lines = []
    for line in text.splitlines():
        names = _BRACED.findall(line)
        if names and not any(values.get(name, "") for name in names):
            continue
        filled = _BRACED.sub(lambda match: _value(match, values), line)
        lines.append(re.sub(r"(?<=\S) {2,}", " ", filled).rstrip())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + ("\n" if text.endswith("\n") else "")
