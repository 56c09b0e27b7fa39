from django import forms
from django.utils.translation import gettext_lazy as _

REPLY_MAX_LENGTH = 200  # leaves room in a 280-character post for the tracking number and the link


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Public reply"), max_length=REPLY_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Posted publicly on X with the tracking number and a link. No names, emails, phone numbers "
                    "or addresses."),
    )
