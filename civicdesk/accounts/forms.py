"""Staff sign-in forms: the password step and the two-factor code step."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _


class PasswordForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150, strip=True,
                               error_messages={"required": _("Enter your username.")})
    password = forms.CharField(label=_("Password"), max_length=4096, strip=False, widget=forms.PasswordInput,
                               error_messages={"required": _("Enter your password.")})


class CodeForm(forms.Form):
    code = forms.CharField(label=_("6-digit code"), max_length=16,
                           error_messages={"required": _("Enter the 6-digit code your authenticator app shows.")})

    def clean_code(self) -> str:
        code = re.sub(r"[\s-]", "", self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError(_("Enter the 6 digits your authenticator app shows, like 123456."))
        return code
