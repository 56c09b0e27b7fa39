"""The staff console's public reply to a request that came from social media (thin: parse, act, answer)."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civicdesk.console.permissions import Action, require_action
from civicdesk.console.views import staff_only
from civicdesk.intake.social.forms import ReplyForm
from civicdesk.intake.social.services import ReplyRefused, post_public_reply
from civicdesk.service_requests.models import ServiceRequest
from civicdesk.service_requests.public_ids import normalize_public_id


@staff_only
@require_POST
def reply(request: HttpRequest, public_id: str) -> HttpResponse:
    service_request = ServiceRequest.objects.filter(public_id=normalize_public_id(public_id)).first()
    if service_request is None:
        raise Http404(_("No request has that tracking number."))
    require_action(request.user, Action.PUBLIC_NOTE, service_request)
    form = ReplyForm(request.POST, auto_id="social-%s")
    if form.is_valid():
        try:
            post_public_reply(service_request, form.cleaned_data["text"], user=request.user)  # type: ignore[arg-type]
        except ReplyRefused as refusal:
            form.add_error("text", str(refusal))
        else:
            messages.success(request, _("Your reply is posted on X."))
            return redirect("console:request", public_id=service_request.public_id)
    return render(request, "social/reply_refused.html", {"sr": service_request, "form": form}, status=400)
