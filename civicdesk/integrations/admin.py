from django.contrib import admin

from civicdesk.integrations.models import Delivery, InboundUpdate, Integration


@admin.register(Integration)
class IntegrationAdmin(admin.ModelAdmin):
    list_display = ("name", "department", "adapter", "enabled", "poll_for_updates", "last_polled_at")
    list_filter = ("adapter", "enabled")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("service_types",)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("request", "integration", "state", "attempts", "next_attempt_at", "sent_at", "external_id")
    list_filter = ("state", "integration")
    readonly_fields = [field.name for field in Delivery._meta.fields]


@admin.register(InboundUpdate)
class InboundUpdateAdmin(admin.ModelAdmin):
    list_display = ("integration", "event_id", "request", "received_at")
    list_filter = ("integration",)
    readonly_fields = [field.name for field in InboundUpdate._meta.fields]
