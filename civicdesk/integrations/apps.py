from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "civicdesk.integrations"
    verbose_name = "Department integrations"
