"""Production settings, run as a deployment would run them: in a fresh process, configured
only by environment variables."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "cms.example.org",
    "DATABASE_URL": "postgres://terrain@db.internal:5432/terrain",
    "WAGTAILADMIN_BASE_URL": "https://cms.example.org",
}
# Variables of this machine or of the test run that must not leak into the child process.
SCRUBBED = (
    "DJANGO_SETTINGS_MODULE",
    "AWS_STORAGE_BUCKET_NAME",
    "REDIS_URL",
    "CLOUDFRONT_DISTRIBUTION_ID",
    "CLOUDFRONT_API_DISTRIBUTION_ID",
    *REQUIRED,
)


def run(args, settings="media_site.settings.production", **env):
    child_env = {k: v for k, v in os.environ.items() if k not in SCRUBBED}
    child_env.update(DJANGO_SETTINGS_MODULE=settings, **env)
    return subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, *args],
        cwd=ROOT,
        env=child_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_value(expression: str, settings="media_site.settings.production", **env):
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        f"print(json.dumps({expression}, default=str))"
    )
    result = run(["-c", code], settings=settings, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_is_clean_with_the_required_variables():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **REQUIRED)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without(missing):
    env = {name: value for name, value in REQUIRED.items() if name != missing}
    result = run(["manage.py", "check"], **env)
    assert result.returncode != 0
    assert f"{missing} must be set in the environment for production" in result.stderr


def test_bucket_variables_put_media_on_s3_with_urls_on_the_cdn_domain():
    storage = settings_value(
        "settings.STORAGES['default']",
        AWS_STORAGE_BUCKET_NAME="terrain-media",
        AWS_S3_ENDPOINT_URL="https://s3.eu-west-3.amazonaws.com",
        AWS_S3_REGION_NAME="eu-west-3",
        AWS_S3_CUSTOM_DOMAIN="media.example.org",
        **REQUIRED,
    )
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "terrain-media"
    assert storage["OPTIONS"]["custom_domain"] == "media.example.org"
    assert storage["OPTIONS"]["default_acl"] is None  # the bucket's own: private
    assert storage["OPTIONS"]["querystring_auth"] is False


def test_without_services_everything_is_embedded():
    value = settings_value(
        "[settings.STORAGES['default']['BACKEND'], settings.CACHES['default']['BACKEND'], "
        "settings.WAGTAILFRONTENDCACHE, settings.WAGTAILDOCS_SERVE_METHOD]",
        settings="media_site.settings.dev",
    )
    assert value == [
        "django.core.files.storage.FileSystemStorage",
        "django.core.cache.backends.locmem.LocMemCache",
        {},
        "serve_view",  # documents always go through the permission-checked view
    ]


def test_redis_and_cloudfront_variables_switch_on_the_shared_cache_and_the_purge():
    value = settings_value(
        "[settings.CACHES['default'], settings.WAGTAILFRONTENDCACHE]",
        REDIS_URL="redis://redis.internal:6379/0",
        CLOUDFRONT_DISTRIBUTION_ID="EREADER",
        CLOUDFRONT_API_DISTRIBUTION_ID="EAPI",
        FRONTEND_BASE_URL="https://www.example.org",
        API_PUBLIC_URL="https://api.example.org",
        **REQUIRED,
    )
    cache, purge = value
    assert cache["BACKEND"] == "media_site.cache.FailOpenRedisCache"
    assert cache["LOCATION"] == "redis://redis.internal:6379/0"
    assert purge["reader"]["DISTRIBUTION_ID"] == "EREADER"
    assert purge["reader"]["HOSTNAMES"] == ["www.example.org"]
    assert purge["api"]["DISTRIBUTION_ID"] == "EAPI"
    assert purge["api"]["HOSTNAMES"] == ["api.example.org"]


def test_postgresql_prepares_statements_unless_a_pooler_cannot_keep_them():
    options = "settings.DATABASES['default'].get('OPTIONS', {})"
    on = settings_value(options, **REQUIRED)
    assert on == {"server_side_binding": True, "prepare_threshold": 2}
    off = settings_value(options, DATABASE_SERVER_SIDE_BINDING="false", **REQUIRED)
    assert off == {}
    sqlite = settings_value(options, settings="media_site.settings.dev")
    assert "server_side_binding" not in sqlite
