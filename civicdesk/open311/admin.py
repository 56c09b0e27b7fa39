from django.contrib import admin, messages
from django.http import HttpRequest

from civicdesk.open311.models import APIClient


@admin.register(APIClient)
class APIClientAdmin(admin.ModelAdmin):
    list_display = ("name", "key_prefix", "requests_per_minute", "is_active", "created_at")
    readonly_fields = ("key_prefix",)

    def save_model(self, request: HttpRequest, obj: APIClient, form: object, change: bool) -> None:
        if not obj.key_hash:
            key = obj.set_key()
            messages.warning(request, f"The new key for {obj.name} is {key} — copy it now, it is not shown again.")
        super().save_model(request, obj, form, change)
