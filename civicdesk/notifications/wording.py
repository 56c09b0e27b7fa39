"""What residents are told about a request's status and resolution, in plain words (pages and messages)."""

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
