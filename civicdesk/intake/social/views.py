"""The staff console's replies to a request that came from social media: in public to a mention, privately to a
direct message, and what staff found on X when X never confirmed one (thin: parse, act, answer)."""

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civicdesk.accounts.models import User
from civicdesk.console.permissions import Action, require_action
from civicdesk.console.views import staff_only
from civicdesk.intake.social.forms import AnswerForm, MessageForm, ReplyForm
from civicdesk.intake.social.services import (
    ReplyRefused,
    ReplyUnconfirmed,
    answered_post,
    post_public_reply,
    send_private_reply,
    settle_unconfirmed_answer,
)
from civicdesk.service_requests.models import ServiceRequest
from civicdesk.service_requests.public_ids import normalize_public_id


@staff_only
@require_POST
def reply(request: HttpRequest, public_id: str) -> HttpResponse:
    return _answer(request, public_id, ReplyForm, post_public_reply)


@staff_only
@require_POST
def message(request: HttpRequest, public_id: str) -> HttpResponse:
    return _answer(request, public_id, MessageForm, send_private_reply)


@staff_only
@require_POST
def checked_on_x(request: HttpRequest, public_id: str, kind: str) -> HttpResponse:
    """The button staff pressed after looking on X for the answer X never confirmed: "yes" it is there, "no"."""
    service_request = _answerable_request(request, public_id)
    found = request.POST.get("on_x", "")
    if found not in ("yes", "no"):
        return HttpResponseBadRequest(_("Say whether the answer is on X."))
    # Which answer the page showed, so a newer one claimed since is never settled by this press.
    claimed_at = parse_datetime(request.POST.get("claim", ""))
    if claimed_at is None or claimed_at.tzinfo is None:
        return HttpResponseBadRequest(_("Say which answer was checked on X: reload the page and press again."))
    try:
        settle_unconfirmed_answer(service_request, kind, claimed_at=claimed_at, on_x=found == "yes",
                                  user=cast(User, request.user))  # staff_only: signed in
    except ReplyRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Recorded: the answer is on X.") if found == "yes"
                         else _("Recorded: the answer is not on X. You can send it again."))
    return redirect("console:request", public_id=service_request.public_id)


def _answer(request: HttpRequest, public_id: str, form_class: type[AnswerForm], send: Callable[..., Any]
            ) -> HttpResponse:
    service_request = _answerable_request(request, public_id)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            send(service_request, form.cleaned_data["text"], user=request.user)
        except (ReplyRefused, ReplyUnconfirmed) as problem:
            form.add_error("text", str(problem))
        else:
            messages.success(request, str(form.done))
            return redirect("console:request", public_id=service_request.public_id)
    # An answer X never confirmed: the buttons to say what is on X, and this form shown but not sendable.
    answered = answered_post(service_request.social_posts.all(), form.kind)
    claimed = answered if answered is not None and answered.unconfirmed_reply_at is not None else None
    return render(request, "social/reply_refused.html", {"sr": service_request, "form": form, "claimed": claimed},
                  status=400)


def _answerable_request(request: HttpRequest, public_id: str) -> ServiceRequest:
    service_request = ServiceRequest.objects.filter(public_id=normalize_public_id(public_id)).first()
    if service_request is None:
        raise Http404(_("No request has that tracking number."))
    # Writing to the resident is a note they read: the same permission as a public note.
    require_action(request.user, Action.PUBLIC_NOTE, service_request)
    return service_request
