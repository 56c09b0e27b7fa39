from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from civicdesk.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "role", "is_active")
    list_filter = ("role", "is_active", "departments")
    fieldsets = (*(BaseUserAdmin.fieldsets or ()), ("City role", {"fields": ("role", "departments", "phone")}))
    filter_horizontal = ("departments", "groups", "user_permissions")
