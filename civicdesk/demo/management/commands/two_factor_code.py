from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from civicdesk.accounts.models import User
from civicdesk.accounts.services import confirmed_device, next_code
from civicdesk.demo.services import DEMO_LOGINS


class Command(BaseCommand):
    help = ("Print the current two-factor code of a demo login's authenticator device, for trying the demo "
            "without an authenticator app. Only with DEBUG on, and only for the demo logins.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username", help="A demo login: " + ", ".join(login.username for login in DEMO_LOGINS))

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("two_factor_code only works with DEBUG on (a development machine): "
                               "run it as DEBUG=1 manage.py two_factor_code <username>.")
        username = options["username"]
        if username not in {login.username for login in DEMO_LOGINS}:
            raise CommandError(f"{username!r} is not a demo login. Demo logins: "
                               + ", ".join(login.username for login in DEMO_LOGINS) + ".")
        user = User.objects.filter(username=username).first()
        device = confirmed_device(user) if user is not None else None
        if device is None:
            raise CommandError(f"{username} has no two-factor device: run `manage.py setup_demo_city` first.")
        self.stdout.write(next_code(device))
