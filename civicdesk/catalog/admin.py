from django.contrib import admin

from civicdesk.catalog.models import QuestionValue, ServiceQuestion, ServiceType


class ServiceQuestionInline(admin.StackedInline):
    model = ServiceQuestion
    extra = 0
    show_change_link = True


@admin.register(ServiceType)
class ServiceTypeAdmin(admin.ModelAdmin):
    list_display = ("service_code", "name", "group", "kind", "default_department", "sla_amount", "sla_unit",
                    "is_emergency", "is_active")
    list_filter = ("group", "kind", "is_emergency", "is_active", "default_department")
    search_fields = ("service_code", "name", "name_es", "keywords")
    inlines = [ServiceQuestionInline]


class QuestionValueInline(admin.TabularInline):
    model = QuestionValue
    extra = 0


@admin.register(ServiceQuestion)
class ServiceQuestionAdmin(admin.ModelAdmin):
    list_display = ("service", "code", "datatype", "required", "order")
    list_filter = ("datatype", "required")
    inlines = [QuestionValueInline]
