"""Settings for the test suite: the real settings, with fast and observable side effects."""

import os

from civicdesk.settings import *  # noqa: F403
from civicdesk.settings import BASE_DIR, DATABASES, TASK_BACKEND_CLASSES

# Tasks run at once (inside on_commit), so a test sees the notification a change caused.
TASKS = {"default": {"BACKEND": TASK_BACKEND_CLASSES["immediate"]}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The tests' API threads would otherwise keep PostgreSQL connections past the test database's end (DROP DATABASE
# refuses while any is open); civicdesk/tests/test_asgi.py turns it on where it is tested, and hands them back.
API_CONNECTION_MAX_AGE = 0
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so concurrent-writer tests exercise WAL and the busy timeout for real.
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get("SQLITE_TEST_NAME", str(BASE_DIR / "var" / "test-civicdesk.sqlite3"))
    }
# Never real texts from the suite, whatever the developer's environment holds: tests that need Twilio set
# these themselves and point it at a local fake.
TWILIO_ACCOUNT_SID = TWILIO_AUTH_TOKEN = TWILIO_FROM_NUMBER = ""
TWILIO_API_BASE = "http://127.0.0.1:9"
