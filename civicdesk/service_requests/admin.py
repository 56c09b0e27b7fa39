from django.contrib import admin
from django.http import HttpRequest

from civicdesk.service_requests.models import RequestEvent, ServiceRequest


class RequestEventInline(admin.TabularInline):
    model = RequestEvent
    extra = 0
    can_delete = False
    readonly_fields = ("at", "kind", "actor_kind", "actor_user", "actor_name", "channel", "from_status", "to_status",
                       "note", "is_public")
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ServiceRequest)
class ServiceRequestAdmin(admin.ModelAdmin):
    """Read-only here: status changes go through the lifecycle (staff workspace)."""

    list_display = ("public_id", "service", "status", "department", "channel", "requested_at", "expected_at")
    list_filter = ("status", "channel", "department", "service__group")
    search_fields = ("public_id", "address", "description")
    date_hierarchy = "requested_at"
    inlines = [RequestEventInline]
    list_select_related = ("service", "department")
    show_full_result_count = False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
