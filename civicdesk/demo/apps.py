from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "civicdesk.demo"
    verbose_name = "Demo city"
