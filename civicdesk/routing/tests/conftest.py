"""The console's cast (Sam the supervisor, Avery the administrator, Rosa with a resident account), for the
routing tester's permission tests."""

from civicdesk.console.tests.conftest import administrator, resident_account, supervisor

__all__ = ["administrator", "resident_account", "supervisor"]
