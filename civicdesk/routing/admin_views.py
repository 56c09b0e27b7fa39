"""The "Where would this go?" page for supervisors and administrators (linked from the routing rules admin)."""

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicdesk.catalog.models import ServiceType
from civicdesk.console.permissions import can_supervise, require
from civicdesk.console.views import staff_only
from civicdesk.routing.admin_tools import PlaceNotFound, where_would_it_go


class RoutingTestForm(forms.Form):
    service = forms.ModelChoiceField(queryset=ServiceType.objects.filter(is_active=True).order_by("name"),
                                     label=gettext_lazy("Service type"))
    address = forms.CharField(required=False, max_length=300, label=gettext_lazy("Address"),
                              help_text=gettext_lazy("Found in the city's address list, as intake does."))
    lat = forms.FloatField(required=False, label=gettext_lazy("Latitude"))
    lon = forms.FloatField(required=False, label=gettext_lazy("Longitude"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_point = data.get("lat") is not None or data.get("lon") is not None
        if not (data.get("address") or "").strip() and not has_point:
            raise forms.ValidationError(gettext_lazy("Give an address, or a latitude and a longitude."))
        if has_point and (data.get("lat") is None or data.get("lon") is None):
            raise forms.ValidationError(gettext_lazy("Give both the latitude and the longitude."))
        return data


@staff_only
def routing_test(request: HttpRequest) -> HttpResponse:
    require(can_supervise(request.user), _("The routing tester is for supervisors and administrators."))
    form = RoutingTestForm(request.GET or None)
    trial, status = None, 200
    if request.GET and form.is_valid():
        data = form.cleaned_data
        try:
            trial = where_would_it_go(data["service"], address=data.get("address") or "", lat=data.get("lat"),
                                      lon=data.get("lon"))
        except PlaceNotFound as error:
            form.add_error("address" if (data.get("address") or "").strip() else "lat", str(error))
            status = 400
    elif request.GET:
        status = 400
    return render(request, "routing/routing_test.html", {"form": form, "trial": trial}, status=status)
