from django.contrib import admin

from civicdesk.intake.social.models import SocialFeed, SocialPost


@admin.register(SocialPost)
class SocialPostAdmin(admin.ModelAdmin):
    list_display = ("external_id", "kind", "received_at", "request", "problem", "replied_at")
    list_filter = ("platform", "kind")
    search_fields = ("external_id", "request__public_id")
    raw_id_fields = ("request",)


@admin.register(SocialFeed)
class SocialFeedAdmin(admin.ModelAdmin):
    list_display = ("name", "cursor", "last_polled_at", "resume_at", "last_error")
