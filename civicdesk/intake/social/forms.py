from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from civicdesk.intake.social.models import PostKind

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as StrPromise  # django-stubs' name for a lazy string

REPLY_MAX_LENGTH = 200  # leaves room in a 280-character post for the tracking number and the link
MESSAGE_MAX_LENGTH = 2000  # a direct message may be longer; X allows 10,000 characters


class AnswerForm(forms.Form):
    """What staff write to the resident; `action` names its URL (intake:social_<action>) and its fields' ids, so
    the reply box's two forms never share an id."""

    action = ""
    kind = ""  # the PostKind it answers
    legend: "StrPromise"  # the fieldset's legend, the submit button's words, the confirmation once sent
    button: "StrPromise"
    done: "StrPromise"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"social-{self.action}-%s")
        super().__init__(*args, **kwargs)


class ReplyForm(AnswerForm):
    """A public reply to the mention that reported a request."""

    action = "reply"  # its URL is intake:social_reply, the form's data-action social_reply
    kind = PostKind.MENTION
    legend = _("Public reply on X")
    button = _("Post the reply")
    done = _("Your reply is posted on X.")
    text = forms.CharField(
        label=_("Public reply"), max_length=REPLY_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Posted publicly on X with the tracking number and a link. No names, emails, phone numbers "
                    "or addresses."),
    )


class MessageForm(AnswerForm):
    """A private reply to the direct message that reported a request."""

    action = "message"
    kind = PostKind.DIRECT_MESSAGE
    legend = _("Private reply by direct message on X")
    button = _("Send the message")
    done = _("Your direct message is sent on X.")
    text = forms.CharField(
        label=_("Private reply"), max_length=MESSAGE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent by direct message on X to the resident who wrote, with the tracking number and a link. "
                    "Only they see it; it is kept as an internal note."),
    )
