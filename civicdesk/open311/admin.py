from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from civicdesk.open311.models import APIClient


@admin.register(APIClient)
class APIClientAdmin(admin.ModelAdmin):
    list_display = ("name", "key_prefix", "contact_email", "requests_per_minute", "is_active", "created_at")
    list_filter = ("is_active",)
    search_fields = ("name", "contact_email", "key_prefix")
    readonly_fields = ("key_prefix",)
    actions = ["issue_new_key"]

    @admin.action(description="Issue a new key (the old one stops working)")
    def issue_new_key(self, request: HttpRequest, clients: QuerySet[APIClient]) -> None:
        for client in clients:
            key = client.set_key()
            client.save(update_fields=["key_prefix", "key_hash"])
            messages.warning(request, f"The new key for {client.name} is {key} — copy it now, it is not shown again.")

    def save_model(self, request: HttpRequest, obj: APIClient, form: object, change: bool) -> None:
        if not obj.key_hash:
            key = obj.set_key()
            messages.warning(request, f"The new key for {obj.name} is {key} — copy it now, it is not shown again.")
        super().save_model(request, obj, form, change)
