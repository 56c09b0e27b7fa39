"""The settings read from the environment, and production mode passes Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# A PostgreSQL URL the settings read but nothing here connects to (check and shell -c read the settings only).
SOME_POSTGRES = "postgres://someone@db.example:5432/city"


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    # A browser test in this process may have set DJANGO_ALLOW_ASYNC_UNSAFE, which check --deploy refuses.
    dropped = ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "WEB_THREADS", "DB_POOL",
               "DB_POOL_MIN", "DB_POOL_MAX", "API_CONNECTION_MAX_AGE", "DB_HEALTH_CHECKS", "DB_CONN_MAX_AGE")
    clean = {key: value for key, value in os.environ.items() if key not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_mode_is_clean_under_check_deploy() -> None:
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        CIVICDESK_ENV="production",
        SECRET_KEY="x7Qp2-long-random-production-secret-for-the-deploy-check-4hGv9Lm2Ns8Tq",
        ALLOWED_HOSTS="311.city.example",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_mode_refuses_to_start_without_a_secret_key() -> None:
    result = run_manage("check", CIVICDESK_ENV="production", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_database_url_switches_the_database() -> None:
    script = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    result = run_manage("shell", "-c", script, DATABASE_URL=SOME_POSTGRES)
    assert result.stdout.strip().splitlines()[-1] == "django.db.backends.postgresql"
    default = run_manage("shell", "-c", script)
    assert default.stdout.strip().splitlines()[-1] == "django.db.backends.sqlite3"


def test_web_threads_may_be_zero_but_not_negative() -> None:
    script = "from django.conf import settings; print(settings.WEB_THREADS)"
    assert run_manage("shell", "-c", script, WEB_THREADS="0").stdout.strip().splitlines()[-1] == "0"
    refused = run_manage("check", WEB_THREADS="-1")
    assert refused.returncode != 0
    assert "WEB_THREADS must be 0 or more, not -1." in refused.stderr


def test_the_pool_must_leave_connections_for_the_pages_beside_the_api_threads() -> None:
    postgres = SOME_POSTGRES
    refused = run_manage("check", DATABASE_URL=postgres, WEB_THREADS="4", DB_POOL_MAX="4")
    assert refused.returncode != 0
    assert "pool's size (4, DB_POOL_MAX) must be larger than the threads running the API (4; WEB_THREADS=4)" \
        in refused.stderr
    on_the_loop = run_manage("check", DATABASE_URL=postgres, WEB_THREADS="0", DB_POOL_MAX="1")
    assert "(1; WEB_THREADS=0)" in on_the_loop.stderr  # the event loop's thread keeps one
    from_the_url = run_manage("check", DATABASE_URL=f"{postgres}?pool=true", DB_POOL="0", WEB_THREADS="4")
    assert "pool's size (4, DB_POOL_MAX)" in from_the_url.stderr  # psycopg_pool's default size, no TypeError
    script = "from django.conf import settings; print(settings.API_CONNECTION_MAX_AGE)"
    for allowed in ({"WEB_THREADS": "4", "DB_POOL_MAX": "5"}, {"WEB_THREADS": "4", "DB_POOL_MAX": "4",
                                                               "API_CONNECTION_MAX_AGE": "0"}):
        answer = run_manage("shell", "-c", script, DATABASE_URL=postgres, **allowed)
        assert answer.returncode == 0, answer.stderr
    refused = run_manage("check", API_CONNECTION_MAX_AGE="-1")
    assert "API_CONNECTION_MAX_AGE must be 0 or more, not -1." in refused.stderr


def test_health_checks_of_kept_connections_are_off_unless_asked_for() -> None:
    script = "from django.conf import settings; print(settings.DATABASES['default']['CONN_HEALTH_CHECKS'])"
    postgres = SOME_POSTGRES
    assert run_manage("shell", "-c", script, DATABASE_URL=postgres).stdout.split()[-1] == "False"
    assert run_manage("shell", "-c", script, DATABASE_URL=postgres, DB_HEALTH_CHECKS="1").stdout.split()[-1] == "True"
