from django.contrib import admin

from civicdesk.notifications.models import Notification, OptOut


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("request", "medium", "status", "subject", "created_at")
    list_filter = ("medium", "status")
    readonly_fields = [field.name for field in Notification._meta.fields]


admin.site.register(OptOut)
