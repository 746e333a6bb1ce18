import os
import tempfile

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Run Wagtail's own tasks (search and reference index) inline so a test sees their effect.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", READER_QUEUE],  # noqa: F405
    }
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# One media folder per test session, inherited by the servers a session starts, so suites
# running side by side never delete each other's files.
os.environ.setdefault("TEST_MEDIA_ROOT", tempfile.mkdtemp(prefix="terrain-test-media-"))
MEDIA_ROOT = Path(os.environ["TEST_MEDIA_ROOT"])  # noqa: F405
FRONTEND_BASE_URL = "http://reader.test"
WAGTAIL_HEADLESS_PREVIEW = {  # noqa: F405
    **WAGTAIL_HEADLESS_PREVIEW,  # noqa: F405
    "CLIENT_URLS": {"default": f"{FRONTEND_BASE_URL}/preview"},
}

# Lets two suites run side by side on one PostgreSQL server (each its own test database).
if os.environ.get("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}  # noqa: F405
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, as in production, not Django's shared-cache in-memory database: there, two
    # connections (the live server's request threads) meet table locks that fail at once
    # instead of waiting, so the browser tests saw 503 "database busy" that never happen
    # with WAL and a busy timeout on a file.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.mkdtemp(prefix="terrain-test-db-")) / "test.sqlite3")  # noqa: F405
    }
