from django.contrib import admin

from civicdesk.departments.models import BusinessHours, Department, Holiday, Team


class BusinessHoursInline(admin.TabularInline):
    model = BusinessHours
    extra = 0


class TeamInline(admin.TabularInline):
    model = Team
    extra = 0


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "email", "phone", "is_triage", "is_active")
    search_fields = ("code", "name")
    inlines = [TeamInline, BusinessHoursInline]


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ("date", "name", "department")
    list_filter = ("department",)
