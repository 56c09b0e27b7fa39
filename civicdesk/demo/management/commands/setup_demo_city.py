import os
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from civicdesk.accounts.models import Role
from civicdesk.accounts.services import manual_secret
from civicdesk.demo.history import generate_history
from civicdesk.demo.services import (
    DEFAULT_KEY_FILE,
    DEMO_CLIENT_NAME,
    DEMO_LOGINS,
    build_demo_city,
    catalog_is_empty,
    demo_authenticators,
    ensure_api_key,
    is_demo_city,
    load_knowledge_base,
)
from civicdesk.departments.models import Department

DEFAULT_HISTORY = 5000


class Command(BaseCommand):
    help = (
        "Build the demo City of Riverton on an empty database (geography, departments, catalog, routing, staff, "
        "API client, historical requests), then print the address, the demo logins and the demo API key. "
        "Safe to run on every start: later runs only print."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--history", type=int, default=DEFAULT_HISTORY,
                            help=f"Historical requests to generate on the first run (default {DEFAULT_HISTORY}).")
        parser.add_argument("--key-file", type=Path, default=DEFAULT_KEY_FILE,
                            help="Where a generated demo API key is kept (default var/demo-api-key.txt).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["history"] < 0:
            raise CommandError("--history must be 0 or more.")
        progress = options["verbosity"] > 0
        url = f"http://127.0.0.1:{os.environ.get('PORT') or '8000'}"
        if catalog_is_empty():
            self.stdout.write(f"Building the demo {settings.CITY_NAME} (first run)...")
            for report in build_demo_city(progress=progress):
                for problem in report.problems:
                    self.stderr.write(f"Skipped {problem}")
            key = ensure_api_key(options["key_file"])
            if options["history"]:
                generate_history(options["history"], progress=progress)
        elif not is_demo_city():
            self.stdout.write(f"This database already has a service catalog that is not the demo city's: "
                              f"nothing was changed. CivicDesk is at {url}/")
            return
        else:
            key = ensure_api_key(options["key_file"])
            if added := load_knowledge_base():  # demo cities built before the knowledge base existed
                self.stdout.write(f"Added {added} help articles.")
        self._print_welcome(url, key)

    def _print_welcome(self, url: str, key: str) -> None:
        departments = dict(Department.objects.values_list("code", "name"))
        devices = demo_authenticators()
        lines = [
            "",
            self.style.SUCCESS(f"{settings.CITY_NAME} 311 is ready at {url}/"),
            f"  Staff admin: {url}/admin/",
            "",
            "  Demo logins (username / password):",
        ]
        for login in DEMO_LOGINS:
            where = ", ".join(departments.get(code, code) for code in login.departments)
            line = f"    {Role(login.role).label:<17} {login.username:<11} / {login.password:<20} {where}"
            lines.append(line.rstrip())
        lines += [
            "",
            "  Staff sign-in also asks for a 6-digit code. Add a login's setup key to an authenticator app",
            "  (time-based), or print the current code: DEBUG=1 .venv/bin/python manage.py two_factor_code <username>",
        ]
        lines += [f"    {username:<11} {manual_secret(device)}" for username, device in devices.items()]
        lines += ["", f"  Open311 API key ({DEMO_CLIENT_NAME}): {key}", ""]
        self.stdout.write("\n".join(lines))
