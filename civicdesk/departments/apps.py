from django.apps import AppConfig


class DepartmentsConfig(AppConfig):
    name = "civicdesk.departments"
    verbose_name = "Departments and business calendars"
