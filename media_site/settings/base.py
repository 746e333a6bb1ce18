"""Settings shared by every environment. Everything that differs comes from the environment."""

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


INSTALLED_APPS = [
    "home",
    "series",
    "stories",
    "api",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail_headless_preview",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    # Wagtail's frontend cache, purging reader-site and API URLs instead of CMS-host ones.
    "api.cdn_app.FrontendCacheConfig",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "rest_framework_api_key",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "api.middleware.ReaderLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Innermost: sees the views' exceptions (a busy SQLite database: 503, not 500).
    "media_site.middleware.ErrorResponsesMiddleware",
]

ROOT_URLCONF = "media_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "media_site.wsgi.application"

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web process, the worker and the scheduler share one file (`make run`). In the
    # default rollback journal with DEFERRED transactions, a transaction that has read and
    # then writes fails at once with "database is locked" when another process writes: the
    # busy timeout cannot help. WAL lets readers and one writer work side by side, IMMEDIATE
    # takes the write lock at BEGIN (so waiting for it obeys the timeout), and NORMAL sync
    # is safe with WAL. Measured: tests/media_site/test_sqlite_concurrency.py.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )

# Server-side binding: psycopg then prepares a statement the second time it runs on a
# connection, and PostgreSQL plans it once (the API's detail query: 0.45 → 0.25 ms). The API's
# queries keep one text per shape (api/read_model/prepared.py), so most of what a request runs
# is planned already. Off for a pooler that cannot keep prepared statements (PgBouncer before
# 1.21 in transaction mode).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "DATABASE_SERVER_SIDE_BINDING", default=True
):
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"server_side_binding": True, "prepare_threshold": 2}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Short timeouts and a local fallback: Redis down or frozen never stops serving.
            "BACKEND": "media_site.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "terrain",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# French first: the default Locale row is created from LANGUAGE_CODE by the first migrate.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# "Translate this page" makes a draft, reviewed and published like any page; left True,
# wagtail-localize publishes the (still untranslated) copy of a live page at once, for anyone
# allowed to translate.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "querystring_auth": False,
            "file_overwrite": False,
            "default_acl": None,
        },
    }

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Background work: a durable queue in the database, run by `manage.py db_worker`.
# The reader site's purges have a queue of their own, worked by their own process: a slow
# partner receiver never delays what readers see (Procfile: worker and purger).
READER_QUEUE = "reader"
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", READER_QUEUE],
    }
}
# Queued every minute by `manage.py run_scheduler`.
SCHEDULED_TASKS = [
    "home.tasks.publish_scheduled_pages",  # go_live_at / expire_at take effect
    "api.webhook_delivery.resume_deliveries",  # retries due, deliveries a dead worker left
    "home.tasks.refresh_planner_statistics",  # SQLite: ANALYZE when tables changed size
]

WAGTAIL_SITE_NAME = "Terrain"
WAGTAILIMAGES_IMAGE_MODEL = "stories.TerrainImage"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = int(os.environ.get("IMAGE_MAX_UPLOAD_MB", "20")) * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 64_000_000
# The newsroom's usual licence for its photos, given to every upload (bulk uploads included)
# until someone picks another one: a key of stories.models.LICENCES.
IMAGE_DEFAULT_LICENCE = os.environ.get("IMAGE_DEFAULT_LICENCE", "all-rights-reserved")
# Checks the pixel bound on the file header, before anything is decoded (stories/forms.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "stories.forms.TerrainImageForm"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "docx",
    "odt",
    "pdf",
    "txt",
    "xlsx",
    "zip",
    "mp3",
    "m4a",
    "ogg",
    "opus",
    "wav",
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = int(os.environ.get("DOCUMENT_MAX_UPLOAD_MB", "100")) * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# Autosave off. On a new page it created the page from its title alone (a half-written story in
# the tree, and the journalist's own "Save draft" then refused for a slug "already in use"); on
# a draft it stored revisions with half-filled blocks, skipping the required fields. Drafts are
# saved when the journalist says so; leaving the page with unsaved changes still asks first.
WAGTAIL_AUTOSAVE_INTERVAL = 0
WAGTAILEMBEDS_FINDERS: list[dict] = []  # no look-up over the network, ever
# The admin never calls the internet: no gravatar images (they tell a third party who
# works here), no release check from the dashboard, no "what's new" banner linking out.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False

# The reader site: where readers see a page, and where Preview sends editors.
FRONTEND_BASE_URL = os.environ.get("FRONTEND_BASE_URL", "http://127.0.0.1:3000").rstrip("/")
WAGTAIL_HEADLESS_PREVIEW = {
    "CLIENT_URLS": {"default": f"{FRONTEND_BASE_URL}/preview"},
    "SERVE_BASE_URL": None,
    "REDIRECT_ON_PREVIEW": True,
    "ENFORCE_TRAILING_SLASH": False,
}

# Where partners and the reader site reach the public API (scheme + host, no path); the CDN
# purge invalidates /api/v1/... on this host.
API_PUBLIC_URL = os.environ.get("API_PUBLIC_URL", WAGTAILADMIN_BASE_URL).rstrip("/")

# CDN purge on publish (Wagtail's frontend cache, CloudFront backend through boto3): off
# unless a distribution id is set. Credentials and region come from the usual AWS_* variables.
CLOUDFRONT_DISTRIBUTION_ID = os.environ.get("CLOUDFRONT_DISTRIBUTION_ID", "")
CLOUDFRONT_API_DISTRIBUTION_ID = os.environ.get("CLOUDFRONT_API_DISTRIBUTION_ID", "")
WAGTAILFRONTENDCACHE = {}
if CLOUDFRONT_DISTRIBUTION_ID:
    WAGTAILFRONTENDCACHE["reader"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": CLOUDFRONT_DISTRIBUTION_ID,
        "HOSTNAMES": [urlsplit(FRONTEND_BASE_URL).netloc],
    }
if CLOUDFRONT_API_DISTRIBUTION_ID:
    WAGTAILFRONTENDCACHE["api"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": CLOUDFRONT_API_DISTRIBUTION_ID,
        "HOSTNAMES": [urlsplit(API_PUBLIC_URL).netloc],
    }
# Purge exactly the paths given: Wagtail would otherwise rewrite /fr/x/ into /en/x/ too,
# a path that never exists (translations have their own slugs).
WAGTAILFRONTENDCACHE_LANGUAGES: list[str] = []

# DRF's defaults for authentication and the anonymous user stay as they are: Wagtail's own
# admin API (/admin/api/main/, which the translation editor reads images from) relies on
# session authentication and on request.user being a user. API v1 sets its own per view
# (api/views/base.py, api/syndication_views.py, api/oembed.py): anonymous or partner key,
# never the admin session, so never CSRF.
# A POST under /api/ that CSRF refuses answers problem+json, as every API error does.
CSRF_FAILURE_VIEW = "api.errors.csrf_failure"
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Terrain API",
    "DESCRIPTION": "Public content API of Terrain: series, stories, territories, themes, "
    "contributors and partners, in French and English.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "PREPROCESSING_HOOKS": ["api.schema.only_public_api"],
    # The schema and its docs are public and ignore the admin session, like the API.
    "SERVE_AUTHENTICATION": [],
    "ENUM_NAME_OVERRIDES": {
        "TerritoryKindEnum": "stories.models.Territory.KINDS",
        "PartnerKindEnum": "series.models.Partner.KINDS",
        "SeriesKindEnum": "series.models.SeriesPage.KINDS",
    },
}

# Partner syndication (api/): webhooks, including the reader site's cache purge.
READER_WEBHOOK_URL = os.environ.get("READER_WEBHOOK_URL", "")
READER_WEBHOOK_SECRET = os.environ.get("READER_WEBHOOK_SECRET", "")
# Webhook URLs resolving to private, loopback or link-local addresses are refused (SSRF)
# unless this is set; READER_WEBHOOK_URL is always allowed (the operator chose it).
WEBHOOKS_ALLOW_PRIVATE_TARGETS = env_bool("WEBHOOKS_ALLOW_PRIVATE_TARGETS")
WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("WEBHOOK_TIMEOUT_SECONDS", "10"))
WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("WEBHOOK_MAX_ATTEMPTS", "8"))
WEBHOOK_RETRY_BASE_SECONDS = float(os.environ.get("WEBHOOK_RETRY_BASE_SECONDS", "30"))
SYNDICATION_COPYRIGHT_HOLDER = os.environ.get("SYNDICATION_COPYRIGHT_HOLDER", "")

# E-mail: Wagtail's review notifications (a story submitted, approved, changes requested)
# and password resets. Either one EMAIL_URL (smtp://, smtp+tls:// or submission:// for
# STARTTLS on 587, smtps:// or smtp+ssl:// for TLS on 465, console://, dummy://), or the
# separate EMAIL_HOST, _PORT, _HOST_USER, _HOST_PASSWORD, _USE_TLS, _USE_SSL variables.
# With neither, Django's default: SMTP on localhost:25 (a local MTA); development prints
# mails in the console.
EMAIL_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
}


def email_settings(environ) -> dict:
    """Django's EMAIL_* settings from EMAIL_URL, else from the separate EMAIL_* variables."""

    def flag(name: str) -> bool:
        return environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}

    url = environ.get("EMAIL_URL", "").strip()
    if not url:
        values = {
            "EMAIL_HOST": environ.get("EMAIL_HOST", "localhost"),
            "EMAIL_PORT": int(environ.get("EMAIL_PORT", "25")),
            "EMAIL_HOST_USER": environ.get("EMAIL_HOST_USER", ""),
            "EMAIL_HOST_PASSWORD": environ.get("EMAIL_HOST_PASSWORD", ""),
            "EMAIL_USE_TLS": flag("EMAIL_USE_TLS"),
            "EMAIL_USE_SSL": flag("EMAIL_USE_SSL"),
        }
        if values["EMAIL_USE_TLS"] and values["EMAIL_USE_SSL"]:
            raise ValueError("EMAIL_USE_TLS and EMAIL_USE_SSL are exclusive.")
        return {"EMAIL_BACKEND": EMAIL_BACKENDS["smtp"], **values}
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    use_ssl = scheme in {"smtps", "smtp+ssl"}
    use_tls = scheme in {"smtp+tls", "submission"}
    if scheme in {"smtp", "smtps", "smtp+ssl", "smtp+tls", "submission"}:
        backend = EMAIL_BACKENDS["smtp"]
    elif scheme in EMAIL_BACKENDS:
        backend = EMAIL_BACKENDS[scheme]
    else:
        raise ValueError(f"EMAIL_URL: unknown scheme {scheme!r}.")
    default_port = 465 if use_ssl else 587 if use_tls else 25
    return {
        "EMAIL_BACKEND": backend,
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or default_port,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_USE_SSL": use_ssl,
    }


EMAIL_CONFIGURED = bool(os.environ.get("EMAIL_URL") or os.environ.get("EMAIL_HOST"))
globals().update(email_settings(os.environ))
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
# The sender of notifications; SERVER_EMAIL sends error reports to ADMINS.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Terrain <terrain@localhost>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_SUBJECT_PREFIX = os.environ.get("EMAIL_SUBJECT_PREFIX", "[Terrain] ")

# How many proxies (load balancer, CDN) stand in front of the CMS and append to
# X-Forwarded-For: per-client limits believe that many entries from the right, never the
# client's own. 0 (none trusted): the TCP peer (REMOTE_ADDR) is the client (api/client_address.py).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS", FRONTEND_BASE_URL)
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
