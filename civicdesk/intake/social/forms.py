from django import forms
from django.utils.translation import gettext_lazy as _

REPLY_MAX_LENGTH = 200  # leaves room in a 280-character post for the tracking number and the link
MESSAGE_MAX_LENGTH = 2000  # a direct message may be longer; X allows 10,000 characters


class ReplyForm(forms.Form):
    """A public reply to the mention that reported a request."""

    action = "reply"  # its URL is intake:social_reply, the form's data-action social_reply
    legend = _("Public reply on X")
    button = _("Post the reply")
    done = _("Your reply is posted on X.")
    text = forms.CharField(
        label=_("Public reply"), max_length=REPLY_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Posted publicly on X with the tracking number and a link. No names, emails, phone numbers "
                    "or addresses."),
    )


class MessageForm(forms.Form):
    """A private reply to the direct message that reported a request."""

    action = "message"
    legend = _("Private reply by direct message on X")
    button = _("Send the message")
    done = _("Your direct message is sent on X.")
    text = forms.CharField(
        label=_("Private reply"), max_length=MESSAGE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent by direct message on X to the resident who wrote, with the tracking number and a link. "
                    "Only they see it; it is kept as an internal note."),
    )
