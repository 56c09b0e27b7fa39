"""The staff chat page: thin; the page itself talks to the staff socket (consumers.StaffChatConsumer)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from civicdesk.console.permissions import require
from civicdesk.console.views import staff_only
from civicdesk.intake.chat.services import can_take_chats


@staff_only
def chats(request: HttpRequest) -> HttpResponse:
    """Waiting chats and the call-taker's own, each with its live transcript (several at once)."""
    require(can_take_chats(request.user), _("Only call-takers and supervisors answer chats."))
    return render(request, "chat/staff_chats.html")
