"""The staff console's replies to a request that came from social media: in public to a mention, privately to a
direct message (thin: parse, act, answer)."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civicdesk.console.permissions import Action, require_action
from civicdesk.console.views import staff_only
from civicdesk.intake.social.forms import AnswerForm, MessageForm, ReplyForm
from civicdesk.intake.social.services import ReplyRefused, ReplyUnconfirmed, post_public_reply, send_private_reply
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


def _answer(request: HttpRequest, public_id: str, form_class: type[AnswerForm], send: Callable[..., Any]
            ) -> HttpResponse:
    service_request = ServiceRequest.objects.filter(public_id=normalize_public_id(public_id)).first()
    if service_request is None:
        raise Http404(_("No request has that tracking number."))
    # Writing to the resident is a note they read: the same permission as a public note.
    require_action(request.user, Action.PUBLIC_NOTE, service_request)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            send(service_request, form.cleaned_data["text"], user=request.user)
        except (ReplyRefused, ReplyUnconfirmed) as problem:
            form.add_error("text", str(problem))
        else:
            messages.success(request, str(form.done))
            return redirect("console:request", public_id=service_request.public_id)
    return render(request, "social/reply_refused.html", {"sr": service_request, "form": form}, status=400)
