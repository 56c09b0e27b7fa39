from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    name = "civicdesk.console"
    verbose_name = "Staff workspace"
