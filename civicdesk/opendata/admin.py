from django.contrib import admin

from civicdesk.opendata.models import ComplaintTypeMapping, ImportedRecord


@admin.register(ComplaintTypeMapping)
class ComplaintTypeMappingAdmin(admin.ModelAdmin):
    list_display = ("complaint_type", "service")
    search_fields = ("complaint_type", "service__name")


@admin.register(ImportedRecord)
class ImportedRecordAdmin(admin.ModelAdmin):
    list_display = ("source", "unique_key", "request", "imported_at")
    list_filter = ("source",)
    search_fields = ("unique_key", "request__public_id")
    raw_id_fields = ("request",)
