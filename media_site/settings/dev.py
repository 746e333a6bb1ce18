import os
from pathlib import Path

from django.core.management.utils import get_random_secret_key

from .base import *  # noqa: F403

# `make run` is how a small newsroom runs Terrain on one machine, often reachable from its
# network: no debug page with local variables and settings for anyone who makes a request
# fail. A developer turns it on for their own work with DEBUG=true.
DEBUG = env_bool("DEBUG", False)  # noqa: F405


def local_secret_key(path: Path) -> str:
    """This machine's own key, made once and kept in .run/ (never committed): a key printed
    in the source would let anyone forge sessions, preview tokens and password-reset links."""
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    key = get_random_secret_key() + get_random_secret_key()
    try:
        # O_EXCL: when several processes start at once, the first one's key wins.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(descriptor, "w") as handle:
        handle.write(key + "\n")
    return key


SECRET_KEY = os.environ.get("SECRET_KEY") or local_secret_key(
    Path(os.environ.get("SECRET_KEY_FILE", BASE_DIR / ".run" / "secret_key"))  # noqa: F405
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")  # noqa: F405
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
if not EMAIL_CONFIGURED:  # noqa: F405
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# With DEBUG off, runserver serves no static files: WhiteNoise serves them from the apps'
# folders, without collectstatic. Uploads: see SERVE_LOCAL_MEDIA in media_site/urls.py.
WHITENOISE_USE_FINDERS = True
# Image renditions are served from MEDIA_ROOT by the CMS itself (no web server in front);
# documents never are: they go through Wagtail's permission-checked view, as in production.
SERVE_LOCAL_MEDIA = True
