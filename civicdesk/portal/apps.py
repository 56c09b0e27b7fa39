from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "civicdesk.portal"
    verbose_name = "Resident portal"
