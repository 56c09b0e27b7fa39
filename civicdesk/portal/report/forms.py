"""The report forms: where the problem is, the service's questions with description, photos and contact."""

import re
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicdesk.catalog.choices import Datatype
from civicdesk.catalog.models import ServiceQuestion, ServiceType
from civicdesk.catalog.services import validate_answers
from civicdesk.portal.report.draft import Place
from civicdesk.routing.geo import validate_point
from civicdesk.routing.geocoder import GeocodeMatch, reverse_geocode, search_addresses
from civicdesk.routing.models import AddressPoint, District
from civicdesk.routing.services import districts_at
from civicdesk.service_requests.intake import MAX_DESCRIPTION

# A typed address is taken without asking when it matches one address point this well.
CONFIDENT_SCORE = 90
MAX_ADDRESS_CHOICES = 5


class UswdsForm(forms.Form):
    """Marks fields with errors for assistive technology, pointing at their USWDS error message."""

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{name}-error"


class MalformedPost(Exception):
    """The post holds what no form of ours sends (a broken position, an unknown address id)."""


def inside_city(lat: float, lon: float) -> bool:
    """True when a district holds the point (or when no districts are loaded yet)."""
    return bool(districts_at(lat, lon)) or not District.objects.exists()


class LocationForm(UswdsForm):
    address = forms.CharField(label=gettext_lazy("Address"), required=False, max_length=300)
    lat = forms.CharField(required=False, widget=forms.HiddenInput)
    lon = forms.CharField(required=False, widget=forms.HiddenInput)
    address_id = forms.CharField(required=False, max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.place: Place | None = None
        self.choices: list[GeocodeMatch] = []
        self.fields["address"].widget.attrs.update({"autocomplete": "street-address", "class": "usa-input"})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lat, lon = data.get("lat", "").strip(), data.get("lon", "").strip()
        if data.get("address_id"):
            self.place = self._chosen(data["address_id"])
        elif lat or lon:
            self.place = self._pinned(lat, lon, data.get("address", "").strip())
        else:
            self.place = self._typed(data.get("address", "").strip())
        if self.place and not inside_city(self.place.lat, self.place.lon):
            self.place = None
            self.add_error("address", _("That place is outside %(city)s. Choose a place inside the city.")
                           % {"city": settings.CITY_NAME})
        return data

    def _chosen(self, address_id: str) -> Place:
        point = AddressPoint.objects.filter(address_id=address_id).first()
        if point is None:
            raise MalformedPost(f"unknown address id {address_id!r}")
        return Place(point.lat, point.lon, point.full_address, point.address_id)

    def _pinned(self, lat: str, lon: str, typed: str) -> Place:
        try:
            lat_f, lon_f = validate_point(lat, lon)
        except ValueError as error:
            raise MalformedPost(str(error)) from None
        nearest = reverse_geocode(lat_f, lon_f)
        label = nearest.full_address if nearest else typed
        return Place(lat_f, lon_f, label or _("Point on the map (%(lat).5f, %(lon).5f)") % {"lat": lat_f, "lon": lon_f})

    def _typed(self, typed: str) -> Place | None:
        if not typed:
            self.add_error("address", _("Enter the address, or place a pin on the map."))
            return None
        matches = search_addresses(typed, limit=MAX_ADDRESS_CHOICES)
        confident = [match for match in matches if match.score >= CONFIDENT_SCORE]
        if len(confident) == 1 or (confident and confident[0].score == 100):
            point = confident[0].point
            return Place(point.lat, point.lon, point.full_address, point.address_id)
        if matches:
            self.choices = matches
            self.add_error("address", _("More than one address could match. Choose yours below."))
            return None
        self.add_error("address", _("We could not find “%(address)s” in %(city)s. Check the spelling and the "
                                    "house number, or place a pin on the map.") % {"address": typed,
                                                                                     "city": settings.CITY_NAME})
        return None


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


def question_field_name(question: ServiceQuestion) -> str:
    return f"q_{question.code}"


def _question_field(question: ServiceQuestion, language: str) -> forms.Field:
    common: dict[str, Any] = {"label": question.localized_prompt(language), "required": False,
                              "help_text": question.datatype_description}
    choices = [(value.key, value.localized_name(language))
               for value in question.values.all()]
    if question.datatype == Datatype.SINGLEVALUELIST:
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if question.datatype == Datatype.MULTIVALUELIST:
        return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)
    widgets: dict[str, forms.Widget] = {
        Datatype.NUMBER: forms.TextInput(attrs={"inputmode": "decimal", "class": "usa-input usa-input--small"}),
        Datatype.DATETIME: forms.DateTimeInput(attrs={"type": "datetime-local", "class": "usa-input"}),
        Datatype.TEXT: forms.Textarea(attrs={"class": "usa-textarea", "rows": 4}),
    }
    return forms.CharField(widget=widgets.get(question.datatype, forms.TextInput(attrs={"class": "usa-input"})),
                           strip=False, **common)


class DetailsForm(UswdsForm):
    """The service's questions, the description, photos and how to reach the resident."""

    description = forms.CharField(
        label=gettext_lazy("Describe the problem"), required=False, max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"class": "usa-textarea", "rows": 5}),
    )
    photos = forms.FileField(
        label=gettext_lazy("Photos (optional)"), required=False,
        widget=MultipleFileInput(attrs={
            "class": "usa-file-input", "accept": "image/jpeg,image/png,image/webp,image/heic,image/heif",
            "data-resize-max": "1600",
        }),
    )
    anonymous = forms.BooleanField(label=gettext_lazy("Stay anonymous (you will not get updates)"), required=False)
    first_name = forms.CharField(label=gettext_lazy("First name"), required=False, max_length=100)
    last_name = forms.CharField(label=gettext_lazy("Last name"), required=False, max_length=100)
    email = forms.CharField(label=gettext_lazy("Email"), required=False, max_length=254,
                            widget=forms.EmailInput)
    phone = forms.CharField(label=gettext_lazy("Phone"), required=False, max_length=32,
                            widget=forms.TextInput(attrs={"type": "tel"}))

    def __init__(self, *args: Any, service: ServiceType, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.service = service
        self.questions = [question for question in service.questions.prefetch_related("values")
                          if question.variable]
        for question in self.questions:
            self.fields[question_field_name(question)] = _question_field(question, language)
        autocomplete = {"first_name": "given-name", "last_name": "family-name", "email": "email", "phone": "tel"}
        for name, token in autocomplete.items():
            self.fields[name].widget.attrs.update({"class": "usa-input", "autocomplete": token})
        self.answers: dict[str, Any] = {}

    @property
    def question_fields(self) -> list[forms.BoundField]:
        return [self[question_field_name(question)] for question in self.questions]

    def raw_answers(self) -> dict[str, Any]:
        """The answers as typed (kept in the draft even when wrong)."""
        raw = {}
        for question in self.questions:
            name = question_field_name(question)
            if question.datatype == Datatype.MULTIVALUELIST:
                raw[question.code] = self.data.getlist(name) if hasattr(self.data, "getlist") else []
            else:
                raw[question.code] = self.data.get(name, "")
        return raw

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            self.answers = validate_answers(self.service, self.raw_answers())
        except ValidationError as error:
            for code, messages in error.message_dict.items():
                field = f"q_{code}"
                self.add_error(field if field in self.fields else None, messages)
        if not data.get("anonymous"):
            self._check_contact(data)
        return data

    def _check_contact(self, data: dict[str, Any]) -> None:
        email, phone = data.get("email", "").strip(), data.get("phone", "").strip()
        if email:
            try:
                forms.EmailField().clean(email)
            except ValidationError:
                self.add_error("email", _("Enter an email address like name@example.com."))
        if phone and len(re.sub(r"\D", "", phone)) < 7:
            self.add_error("phone", _("Enter a phone number with at least 7 digits."))
        if not (email or phone):
            self.add_error("email", _("Give an email address or a phone number for updates, or choose to stay "
                                      "anonymous."))


class FollowForm(UswdsForm):
    public_id = forms.CharField(max_length=16, widget=forms.HiddenInput)
    email = forms.CharField(label=gettext_lazy("Email for updates"), required=False, max_length=254,
                            widget=forms.EmailInput(attrs={"class": "usa-input", "autocomplete": "email"}))
    phone = forms.CharField(label=gettext_lazy("or phone"), required=False, max_length=32,
                            widget=forms.TextInput(attrs={"class": "usa-input", "type": "tel",
                                                          "autocomplete": "tel"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("email", "").strip() or data.get("phone", "").strip()):
            self.add_error("email", _("To follow a request, give an email address or a phone number for the "
                                      "updates."))
        return data
