from django.contrib import admin

from civicdesk.notifications.models import Notification, OptOut, Survey


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("request", "medium", "status", "subject", "created_at")
    list_filter = ("medium", "status")
    readonly_fields = [field.name for field in Notification._meta.fields]


admin.site.register(OptOut)


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ("request", "recipient", "answered_at", "was_fixed", "satisfaction")
    list_filter = ("was_fixed", "satisfaction")
    readonly_fields = [field.name for field in Survey._meta.fields]
