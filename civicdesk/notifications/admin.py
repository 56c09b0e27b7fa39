from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from civicdesk.notifications.choices import DeliveryStatus
from civicdesk.notifications.models import (
    MessageTemplate,
    Notification,
    NotifiedStatus,
    OptOut,
    OverdueAlert,
    Survey,
)
from civicdesk.notifications.wording import PLACEHOLDERS, fill

# What the preview shows for each placeholder.
SAMPLE_VALUES = {
    "request_number": "RIV-24-000123",
    "service": "Pothole",
    "status": "Scheduled",
    "status_words": "The work is scheduled.",
    "resolution": "Fixed",
    "resolution_words": "The problem was fixed.",
    "resolution_notes": "Filled with hot asphalt.",
    "note": "Scheduled for May 4, 2026.",
    "address": "120 N Main St",
    "expected_by": "May 6, 2026, 5 p.m.",
    "track_url": "https://311.example/track/RIV-24-000123/",
    "survey_url": "https://311.example/survey/sample-token/",
    "stop_url": "https://311.example/updates/stop/sample-token/",
    "city": "City of Riverton",
}


class RecordAdmin(admin.ModelAdmin):
    """What happened is recorded by CivicDesk itself: staff read it, they do not add it by hand."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(RecordAdmin):
    list_display = ("request", "kind", "medium", "status", "attempts", "subject", "created_at")
    list_filter = ("status", "medium", "kind")
    search_fields = ("request__public_id", "recipient")
    readonly_fields = [field.name for field in Notification._meta.fields]
    actions = ["retry_now"]

    @admin.action(description="Retry the selected failed messages now")
    def retry_now(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        from civicdesk.notifications.tasks import resend_notification

        failed = list(queryset.filter(status=DeliveryStatus.FAILED).values_list("pk", flat=True))
        Notification.objects.filter(pk__in=failed).update(next_attempt_at=timezone.now())
        for notification_id in failed:
            resend_notification.enqueue(notification_id)
        self.message_user(request, f"{len(failed)} message(s) queued for another try.")


@admin.register(OptOut)
class OptOutAdmin(admin.ModelAdmin):
    list_display = ("address", "source", "created_at")
    list_filter = ("source",)
    search_fields = ("address",)


@admin.register(Survey)
class SurveyAdmin(RecordAdmin):
    list_display = ("request", "recipient", "answered_at", "was_fixed", "satisfaction")
    list_filter = ("was_fixed", "satisfaction")
    readonly_fields = [field.name for field in Survey._meta.fields]


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    """Administrators edit the words; unknown placeholders are refused with the list of known ones."""

    list_display = ("kind", "medium", "language", "subject", "updated_at")
    list_filter = ("kind", "medium", "language")
    fields = ("kind", "medium", "language", "subject", "body", "placeholders", "preview")
    readonly_fields = ("placeholders", "preview")

    @admin.display(description="Placeholders you can use")
    def placeholders(self, template: MessageTemplate) -> str:
        return format_html("<ul>{}</ul>", format_html_join(
            "", "<li><code>{{{}}}</code> — {}</li>", PLACEHOLDERS.items()))

    @admin.display(description="Preview (saved words, sample request)")
    def preview(self, template: MessageTemplate) -> str:
        if template.pk is None:
            return "Save to see a preview."
        subject = fill(template.subject, SAMPLE_VALUES)
        return format_html('<div data-testid="template-preview">{}<pre style="white-space: pre-wrap">{}</pre></div>',
                           format_html("<p><strong>{}</strong></p>", subject) if subject else "",
                           fill(template.body, SAMPLE_VALUES))


@admin.register(NotifiedStatus)
class NotifiedStatusAdmin(admin.ModelAdmin):
    """Which status changes residents are told about; closure always is."""

    list_display = ("status", "notify")
    list_editable = ("notify",)


@admin.register(OverdueAlert)
class OverdueAlertAdmin(RecordAdmin):
    list_display = ("request", "due_at", "created_at", "notified", "error")
    readonly_fields = [field.name for field in OverdueAlert._meta.fields]
