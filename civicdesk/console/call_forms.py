"""The call-taker console's forms. Filing for a caller reuses the resident report's forms (the service's
questions, description, contact; the address with the local geocoder) so both channels check the same way."""

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicdesk.catalog.knowledge import published_article
from civicdesk.catalog.models import Article, ServiceType
from civicdesk.portal.report.forms import DetailsForm, UswdsForm
from civicdesk.service_requests.choices import Channel

CALL_CHANNELS = [(Channel.PHONE.value, gettext_lazy("Phone")), (Channel.WALK_IN.value, gettext_lazy("Walk-in"))]


class CallForm(forms.Form):
    """How the resident reached us and the language they speak, for the call in progress."""

    channel = forms.ChoiceField(label=gettext_lazy("Channel"), choices=CALL_CHANNELS,
                                widget=forms.Select(attrs={"class": "usa-select"}))
    language = forms.ChoiceField(label=gettext_lazy("Caller's language"), choices=settings.LANGUAGES,
                                 widget=forms.Select(attrs={"class": "usa-select"}))


class AnsweredForm(forms.Form):
    """An information-only contact: the caller's question and the article that answered it."""

    article = forms.SlugField(max_length=100)
    question = forms.CharField(max_length=500, required=False)

    def clean_article(self) -> Article:
        article = published_article(self.cleaned_data["article"])
        if article is None:
            raise ValidationError(_("That help article does not exist or is not published."))
        return article


class StatusGivenForm(forms.Form):
    public_id = forms.CharField(max_length=16)


class ServiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """Active services by group, named in the caller's language."""

    language = "en"

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.group} · {obj.localized_name(self.language)}"


class ServiceChoiceForm(UswdsForm):
    service = ServiceField(
        label=gettext_lazy("Service"), queryset=ServiceType.objects.filter(is_active=True).order_by("group", "name"),
        to_field_name="service_code", empty_label=gettext_lazy("Choose the service"),
        error_messages={"required": gettext_lazy("Choose the service the caller needs."),
                        "invalid_choice": gettext_lazy("Choose a service from the list.")},
    )
    channel = forms.ChoiceField(label=gettext_lazy("The caller reached us by"), choices=CALL_CHANNELS,
                                widget=forms.RadioSelect)

    def __init__(self, *args: Any, language: str = "en", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["service"]
        assert isinstance(field, ServiceField)
        field.language = language
        field.widget.attrs.update({"class": "usa-select", "data-call-service": ""})


class CallerDetailsForm(DetailsForm):
    """The report's details form as a call-taker fills it: no photos, and the browser must not fill in the
    staff member's own name and phone where the caller's belong."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["photos"]
        self.fields["anonymous"].label = _("The caller stays anonymous (no updates)")
        labels = {"first_name": _("Caller's first name"), "last_name": _("Caller's last name"),
                  "phone": _("Caller's phone"), "email": _("Caller's email")}
        for name, label in labels.items():
            self.fields[name].label = label
            self.fields[name].widget.attrs["autocomplete"] = "off"
