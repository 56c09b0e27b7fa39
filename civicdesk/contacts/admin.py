from django.contrib import admin

from civicdesk.contacts.models import Contact


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ("started_at", "channel", "outcome", "taken_by", "service", "article", "request", "language")
    list_filter = ("outcome", "channel", "language", "started_at")
    search_fields = ("summary", "request__public_id", "article__title", "service__name", "taken_by__username")
    raw_id_fields = ("request",)
    list_select_related = ("taken_by", "service", "article", "request")
    date_hierarchy = "started_at"
