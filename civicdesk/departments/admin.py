from django.contrib import admin

from civicdesk.departments.models import BusinessHours, Department, Holiday, Team


class BusinessHoursInline(admin.TabularInline):
    model = BusinessHours
    extra = 0


class HolidayInline(admin.TabularInline):
    model = Holiday
    extra = 0
    verbose_name_plural = "holidays of this department (city-wide holidays are listed under Holidays)"


class TeamInline(admin.TabularInline):
    model = Team
    extra = 0


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "email", "phone", "is_triage", "is_active")
    list_filter = ("is_active", "is_triage")
    search_fields = ("code", "name", "name_es")
    inlines = [TeamInline, BusinessHoursInline, HolidayInline]


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ("date", "name", "department")
    list_filter = ("department",)
    search_fields = ("name",)
    date_hierarchy = "date"
