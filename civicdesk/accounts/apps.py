from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    name = "civicdesk.accounts"
    verbose_name = "Accounts and roles"


class StaffAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin whose default site needs a two-factor-verified staff sign-in (INSTALLED_APPS)."""

    default = False  # the accounts app's own config stays AccountsConfig
    default_site = "civicdesk.accounts.admin_site.StaffAdminSite"
