from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse

from civicdesk.routing.admin_tools import DistrictFileRefused, upload_districts
from civicdesk.routing.importers import KIND_PATTERN
from civicdesk.routing.models import AddressPoint, District, RoutingRule


class DistrictUploadForm(forms.Form):
    file = forms.FileField(label="GeoJSON file", help_text="A FeatureCollection of Polygons or MultiPolygons, "
                                                            "longitude/latitude (WGS84), each with a code and a name.")
    kind = forms.RegexField(regex=KIND_PATTERN, max_length=64, label="Layer (district kind)",
                            help_text="e.g. council-district, sanitation-zone. Districts of this kind with the "
                                      "same code are updated; new codes are created.",
                            error_messages={"invalid": "Use lower-case words and dashes, e.g. council-district."})
    code_field = forms.CharField(required=False, max_length=64, label="Code property",
                                 help_text="Leave empty to try code, district, ward, zone, number, id.")
    name_field = forms.CharField(required=False, max_length=64, label="Name property",
                                 help_text="Leave empty to try name, district_name, label, title.")


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "code", "request_rules", "updated_at")
    list_filter = ("kind",)
    search_fields = ("name", "code")
    readonly_fields = ("min_lat", "max_lat", "min_lon", "max_lon", "updated_at")
    change_list_template = "routing/admin/district_change_list.html"

    @admin.display(description="routing rules")
    def request_rules(self, district: District) -> int:
        return district.routing_rules.count()

    def get_urls(self) -> list[URLPattern]:
        upload = path("upload/", self.admin_site.admin_view(self.upload_view), name="routing_district_upload")
        return [upload, *super().get_urls()]

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        """Upload a GeoJSON layer of districts: all of it is imported, or nothing, with every problem listed."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied("Uploading districts needs the permission to add and change districts.")
        form = DistrictUploadForm(request.POST or None, request.FILES or None)
        problems: list[str] = []
        status = 200
        if request.method == "POST":
            if form.is_valid():
                data = form.cleaned_data
                try:
                    report = upload_districts(data["file"], data["kind"], code_field=data["code_field"],
                                              name_field=data["name_field"])
                except DistrictFileRefused as refusal:
                    problems = refusal.problems
                else:
                    messages.success(request, f"Imported {data['file'].name}: {report.summary('districts')}")
                    return redirect(f"{reverse('admin:routing_district_changelist')}?kind={data['kind']}")
            status = 400
        context: dict[str, Any] = {
            **self.admin_site.each_context(request), "opts": self.model._meta, "form": form, "problems": problems,
            "title": "Upload districts (GeoJSON)",
        }
        return TemplateResponse(request, "routing/admin/district_upload.html", context, status=status)


@admin.register(AddressPoint)
class AddressPointAdmin(admin.ModelAdmin):
    list_display = ("full_address", "zip_code", "address_id")
    search_fields = ("normalized", "address_id")
    readonly_fields = ("normalized",)


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ("__str__", "precedence", "service", "district", "department", "team", "is_active")
    list_editable = ("precedence", "is_active")
    list_filter = ("is_active", "department", "service", "district__kind")
    search_fields = ("service__name", "service__service_code", "district__name", "department__name", "note")
    list_select_related = ("service", "district", "department", "team")
    autocomplete_fields = ("service", "district")
    change_list_template = "routing/admin/routingrule_change_list.html"
