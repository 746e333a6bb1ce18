"""A real S3 / CloudFront endpoint over HTTP on loopback (moto's server mode), for the tests
that check media on S3 and the CDN purge. Started and stopped by the fixtures below."""

import socket
import urllib.request
import uuid

from django.test import override_settings

import boto3
import pytest
from moto.server import ThreadedMotoServer

REGION = "eu-west-3"
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
CDN_DOMAIN = "cdn.example.test"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class MotoEndpoint:
    def __init__(self):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)
        self.running = False

    def start(self):
        self.server.start()
        self.running = True

    def stop(self):
        if self.running:
            self.server.stop()
            self.running = False

    def reset(self):
        request = urllib.request.Request(f"{self.url}/moto-api/reset", method="POST")
        urllib.request.urlopen(request, timeout=5).close()  # noqa: S310 (loopback only)

    def client(self, service: str):
        return boto3.client(service, endpoint_url=self.url, region_name=REGION, **CREDENTIALS)


@pytest.fixture(scope="module")
def moto_endpoint():
    endpoint = MotoEndpoint()
    endpoint.start()
    yield endpoint
    endpoint.stop()


@pytest.fixture
def aws_env(moto_endpoint, monkeypatch):
    """What a deployment sets for boto3 clients that Terrain does not build itself."""
    moto_endpoint.reset()
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", CREDENTIALS["aws_access_key_id"])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", CREDENTIALS["aws_secret_access_key"])
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("AWS_ENDPOINT_URL_CLOUDFRONT", moto_endpoint.url)
    return moto_endpoint


def s3_storage_settings(endpoint: MotoEndpoint, bucket: str, custom_domain=None) -> dict:
    """The STORAGES value base.py builds from AWS_STORAGE_BUCKET_NAME and friends."""
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": endpoint.url,
                "region_name": REGION,
                "access_key": CREDENTIALS["aws_access_key_id"],
                "secret_key": CREDENTIALS["aws_secret_access_key"],
                "custom_domain": custom_domain,
                "querystring_auth": False,
                "file_overwrite": False,
                "default_acl": None,
            },
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


class Bucket:
    def __init__(self, endpoint: MotoEndpoint, name: str):
        self.endpoint = endpoint
        self.name = name
        self.client = endpoint.client("s3")

    def keys(self, prefix: str = "") -> list[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.name, Prefix=prefix
        )
        return sorted(item["Key"] for page in pages for item in page.get("Contents", []))

    def anonymous_status(self, key: str) -> int:
        """HTTP status of an unsigned GET of the object's bucket URL, as a stranger would get."""
        url = f"{self.endpoint.url}/{self.name}/{key}"
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback)
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


@pytest.fixture
def s3_bucket(aws_env):
    """A fresh bucket, with the default storage (originals, renditions, documents) in it and
    URLs on the CDN domain."""
    bucket = Bucket(aws_env, f"terrain-{uuid.uuid4().hex[:8]}")
    bucket.client.create_bucket(
        Bucket=bucket.name, CreateBucketConfiguration={"LocationConstraint": REGION}
    )
    with override_settings(STORAGES=s3_storage_settings(aws_env, bucket.name, CDN_DOMAIN)):
        yield bucket


class CloudFront:
    """Two distributions on the loopback endpoint: one for the reader site, one for the API."""

    def __init__(self, endpoint: MotoEndpoint):
        self.client = endpoint.client("cloudfront")
        self.reader_id = self.create_distribution("reader.test")
        self.api_id = self.create_distribution("api.example.test")

    def create_distribution(self, origin: str) -> str:
        response = self.client.create_distribution(
            DistributionConfig={
                "CallerReference": str(uuid.uuid4()),
                "Origins": {
                    "Quantity": 1,
                    "Items": [
                        {
                            "Id": "origin",
                            "DomainName": origin,
                            "CustomOriginConfig": {
                                "HTTPPort": 80,
                                "HTTPSPort": 443,
                                "OriginProtocolPolicy": "https-only",
                            },
                        }
                    ],
                },
                "DefaultCacheBehavior": {
                    "TargetOriginId": "origin",
                    "ViewerProtocolPolicy": "redirect-to-https",
                    "ForwardedValues": {"QueryString": True, "Cookies": {"Forward": "none"}},
                    "MinTTL": 0,
                    "TrustedSigners": {"Enabled": False, "Quantity": 0},
                },
                "Comment": "",
                "Enabled": True,
            }
        )
        return response["Distribution"]["Id"]

    def frontend_cache_settings(self) -> dict:
        """WAGTAILFRONTENDCACHE as base.py builds it from CLOUDFRONT_*_DISTRIBUTION_ID."""
        backend = "wagtail.contrib.frontend_cache.backends.CloudfrontBackend"
        return {
            "reader": {
                "BACKEND": backend,
                "DISTRIBUTION_ID": self.reader_id,
                "HOSTNAMES": ["reader.test"],
            },
            "api": {
                "BACKEND": backend,
                "DISTRIBUTION_ID": self.api_id,
                "HOSTNAMES": ["api.example.test"],
            },
        }

    def mark(self) -> None:
        """Forget the batches sent so far (e.g. while a test made its content)."""
        self._seen = {d: {i["Id"] for i in self._listed(d)} for d in (self.reader_id, self.api_id)}

    def _listed(self, distribution_id: str) -> list[dict]:
        listed = self.client.list_invalidations(DistributionId=distribution_id)
        return listed["InvalidationList"].get("Items", [])

    def invalidations(self, distribution_id: str) -> list[set[str]]:
        """The path set of each invalidation batch sent to a distribution since mark()."""
        seen = getattr(self, "_seen", {}).get(distribution_id, set())
        batches = []
        for item in reversed(self._listed(distribution_id)):  # moto lists newest first
            if item["Id"] in seen:
                continue
            invalidation = self.client.get_invalidation(
                DistributionId=distribution_id, Id=item["Id"]
            )
            batches.append(set(invalidation["Invalidation"]["InvalidationBatch"]["Paths"]["Items"]))
        return batches


@pytest.fixture
def cloudfront(aws_env):
    """CloudFront on loopback, and the settings that purge through it on publish."""
    distributions = CloudFront(aws_env)
    with override_settings(
        WAGTAILFRONTENDCACHE=distributions.frontend_cache_settings(),
        API_PUBLIC_URL="https://api.example.test",
    ):
        yield distributions
