from django.apps import AppConfig


class RoutingConfig(AppConfig):
    name = "civicdesk.routing"
    verbose_name = "Districts, geocoder and routing"
