import shutil

from django.conf import settings

import pytest


@pytest.fixture(scope="session", autouse=True)
def _clean_test_media():
    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run on_commit callbacks at once (wagtail-localize publishes translations through them)."""

    def runner(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return runner


@pytest.fixture(autouse=True)
def _read_model_at_once(monkeypatch):
    """Each test starts with an empty cache, and a content change renders the read model's
    documents at once: the transaction a test runs in never commits."""
    from django.core.cache import cache

    from api.read_model import changes

    cache.clear()
    monkeypatch.setattr(changes, "after_commit", lambda callback: callback())


# Loopback S3/CloudFront endpoint fixtures (moto server mode), shared by production tests.
from tests.aws_servers import aws_env, cloudfront, moto_endpoint, s3_bucket  # noqa: E402, F401
