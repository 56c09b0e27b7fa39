from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "civicdesk.contacts"
    verbose_name = "Contacts with residents"
