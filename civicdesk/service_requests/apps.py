from django.apps import AppConfig


class ServiceRequestsConfig(AppConfig):
    name = "civicdesk.service_requests"
    verbose_name = "Service requests"
