"""The reply box on the staff request page (`{% include "social/_reply.html" %}` in console/request.html)."""

from typing import Any

from django import template

from civicdesk.console.permissions import Action, can
from civicdesk.intake.social.client import social_client
from civicdesk.intake.social.forms import MessageForm, ReplyForm
from civicdesk.intake.social.models import PostKind, SocialPost
from civicdesk.intake.social.services import answered_post

register = template.Library()


@register.inclusion_tag("social/reply_box.html", takes_context=True)
def social_reply_box(context: template.Context) -> dict[str, Any]:
    """The post a public reply answers and the direct message a private one answers, the posts received, whether
    the account is connected and whether the user may reply."""
    service_request = context["sr"]
    posts = list(SocialPost.objects.filter(request=service_request)) if service_request.channel == "social" else []
    return {
        "sr": service_request, "posts": posts, "post": answered_post(posts, PostKind.MENTION),
        "message": answered_post(posts, PostKind.DIRECT_MESSAGE),
        "connected": social_client().can_post(), "form": ReplyForm(),
        "message_form": MessageForm(),
        "may_reply": can(context["request"].user, Action.PUBLIC_NOTE, service_request),
    }
