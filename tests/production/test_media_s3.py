"""Media on S3 (moto over HTTP on loopback): originals, renditions and documents in the
bucket, image URLs on the CDN domain, private documents only through the permission-checked
serve view, and the local-to-bucket copy command."""

import io

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

import pytest

from stories.models import RENDITION_SPECS, TerrainImage
from tests import factories
from tests.aws_servers import CDN_DOMAIN

pytestmark = pytest.mark.django_db

Document = get_document_model()


def upload_image(client, title="Terril 11/19"):
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": title,
            "file": SimpleUploadedFile("terril.png", factories.png_bytes(), "image/png"),
            "alt_text": "Le terril jumeau au coucher du soleil",
            "credit": "Photo : Jeanne Martin",
            "licence": "cc-by-4.0",
            "collection": Collection.get_first_root_node().pk,
        },
    )


def test_admin_upload_puts_the_original_and_every_rendition_in_the_bucket(
    admin_client, s3_bucket, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload_image(admin_client)

    assert response.status_code == 302
    image = TerrainImage.objects.get(title="Terril 11/19")
    keys = s3_bucket.keys()
    assert image.file.name in keys
    assert image.file.name.startswith("original_images/")
    renditions = list(image.renditions.all())
    assert {rendition.filter_spec for rendition in renditions} == set(RENDITION_SPECS.values())
    for rendition in renditions:
        assert rendition.file.name in keys
        assert rendition.url == f"https://{CDN_DOMAIN}/{rendition.file.name}"
    # Nothing written to the local media folder meanwhile.
    assert not any(key.startswith("/") for key in keys)


def test_api_image_urls_point_at_the_cdn_domain(client, s3_bucket, run_on_commit):
    image = run_on_commit(factories.make_image, "Chevalement")
    story = factories.make_story("Le chevalement", lead_image=image)

    response = client.get(f"/api/v1/stories/{story.pk}/")

    assert response.status_code == 200
    lead = response.json()["lead_image"]
    urls = [rendition["url"] for rendition in lead["renditions"].values()]
    assert len(urls) == len(RENDITION_SPECS)
    assert all(url.startswith(f"https://{CDN_DOMAIN}/images/") for url in urls)
    assert s3_bucket.name not in response.content.decode()
    for url in urls:
        assert url.removeprefix(f"https://{CDN_DOMAIN}/") in s3_bucket.keys("images/")


def test_objects_are_private_in_the_bucket(s3_bucket, run_on_commit):
    image = run_on_commit(factories.make_image, "Privé par défaut")
    # No public-read ACL: only the CDN (origin access) and signed requests read the bucket.
    assert s3_bucket.anonymous_status(image.file.name) == 403


@pytest.fixture
def private_collection():
    editors = Group.objects.get_or_create(name="Rédaction privée")[0]
    collection = Collection.get_first_root_node().add_child(name="Documents internes")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(editors)
    return collection, editors


def test_private_document_has_no_public_url_and_its_serve_view_checks_permissions(
    admin_client, client, django_user_model, s3_bucket, private_collection
):
    collection, editors = private_collection
    content = b"%PDF-1.4 convention de financement confidentielle"
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Convention",
            "file": SimpleUploadedFile("convention.pdf", content, "application/pdf"),
            "collection": collection.pk,
        },
    )
    assert response.status_code == 302
    document = Document.objects.get(title="Convention")

    # In the bucket, but neither public there nor through the CDN's domain.
    assert document.file.name in s3_bucket.keys("documents/")
    assert s3_bucket.anonymous_status(document.file.name) == 403
    assert document.url == reverse("wagtaildocs_serve", args=(document.pk, "convention.pdf"))
    assert CDN_DOMAIN not in document.url and s3_bucket.name not in document.url

    # A stranger is sent to log in and gets no byte of the file.
    anonymous = client.get(document.url)
    assert anonymous.status_code == 302
    assert "login" in anonymous["Location"]
    outsider = django_user_model.objects.create_user("outsider", password="x")
    client.force_login(outsider)
    refused = client.get(document.url)
    assert refused.status_code == 302
    assert content not in b"".join(getattr(refused, "streaming_content", [refused.content]))

    # A member of the allowed group gets it, streamed from the bucket by the CMS.
    member = django_user_model.objects.create_user("member", password="x")
    member.groups.add(editors)
    client.force_login(member)
    served = client.get(document.url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == content


def test_copy_media_to_s3_copies_every_file_and_is_safe_to_rerun(tmp_path, s3_bucket):
    files = {
        "original_images/terril.png": factories.png_bytes(),
        "images/terril.width-480.webp": b"RIFF-not-really-webp",
        "documents/convention.pdf": b"%PDF-1.4 convention",
    }
    for name, content in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(content)

    first = io.StringIO()
    call_command("copy_media_to_s3", source=str(tmp_path), no_progress=True, stdout=first)
    assert "copied 3 file(s), skipped 0" in first.getvalue()
    assert s3_bucket.keys() == sorted(files)
    for name, content in files.items():
        body = s3_bucket.client.get_object(Bucket=s3_bucket.name, Key=name)["Body"].read()
        assert body == content

    # Re-run: nothing copied again. A half-uploaded object (wrong size) is replaced in place.
    s3_bucket.client.put_object(Bucket=s3_bucket.name, Key="documents/convention.pdf", Body=b"%P")
    second = io.StringIO()
    call_command("copy_media_to_s3", source=str(tmp_path), no_progress=True, stdout=second)
    assert "copied 1 file(s), skipped 2" in second.getvalue()
    assert s3_bucket.keys() == sorted(files)
    fixed = s3_bucket.client.get_object(Bucket=s3_bucket.name, Key="documents/convention.pdf")
    assert fixed["Body"].read() == files["documents/convention.pdf"]

    third = io.StringIO()
    call_command("copy_media_to_s3", source=str(tmp_path), no_progress=True, stdout=third)
    assert "copied 0 file(s), skipped 3" in third.getvalue()


def test_copy_media_to_s3_refuses_when_media_are_still_local(tmp_path):
    with pytest.raises(CommandError, match="AWS_STORAGE_BUCKET_NAME"):
        call_command("copy_media_to_s3", source=str(tmp_path), no_progress=True)


def test_regenerate_renditions_makes_the_missing_ones_in_the_bucket(s3_bucket):
    image = factories.make_image("Sans rendu")  # no on_commit run: no renditions yet
    assert not image.renditions.exists()
    output = io.StringIO()

    call_command("regenerate_renditions", no_progress=True, stdout=output)

    assert "1 image(s) have all their renditions; 0 failed" in output.getvalue()
    names = [rendition.file.name for rendition in image.renditions.all()]
    assert len(names) == len(RENDITION_SPECS)
    assert set(names) <= set(s3_bucket.keys("images/"))


def test_a_private_document_is_never_stored_by_a_shared_cache(
    client, django_user_model, s3_bucket, private_collection
):
    collection, editors = private_collection
    document = Document.objects.create(
        title="Budget", collection=collection, file=ContentFile(b"%PDF budget", name="budget.pdf")
    )
    member = django_user_model.objects.create_user("member", password="x")
    member.groups.add(editors)
    client.force_login(member)

    served = client.get(document.url)

    assert served.status_code == 200
    assert "private" in served["Cache-Control"] and "no-store" in served["Cache-Control"]
    client.logout()
    refused = client.get(document.url)
    assert refused.status_code == 302
    assert "no-store" in refused["Cache-Control"]


def test_a_public_document_may_be_cached_briefly(client, s3_bucket):
    document = Document.objects.create(
        title="Méthode", file=ContentFile(b"%PDF methode", name="methode.pdf")
    )
    served = client.get(document.url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == b"%PDF methode"
    assert "public" in served["Cache-Control"] and "max-age=300" in served["Cache-Control"]


@pytest.mark.faults
def test_when_s3_stops_stories_and_their_images_are_still_served(client, run_on_commit):
    """Renditions are made ahead of time and their URLs come from the database: with the
    bucket unreachable, readers and partners still get stories with their images (served by
    the CDN); only new uploads wait. /readyz names the storage."""
    from django.test import override_settings

    from tests.aws_servers import MotoEndpoint, s3_storage_settings

    endpoint = MotoEndpoint()
    endpoint.start()
    endpoint.client("s3").create_bucket(
        Bucket="terrain-down", CreateBucketConfiguration={"LocationConstraint": "eu-west-3"}
    )
    with override_settings(STORAGES=s3_storage_settings(endpoint, "terrain-down", CDN_DOMAIN)):
        try:
            image = run_on_commit(factories.make_image, "Chevalement")
            story = factories.make_story("Le chevalement", lead_image=image)
        finally:
            endpoint.stop()

        detail = client.get(f"/api/v1/stories/{story.pk}/")
        feed = client.get("/api/v1/feeds/fr/rss.xml")
        ready = client.get("/readyz")

    assert detail.status_code == 200
    urls = [r["url"] for r in detail.json()["lead_image"]["renditions"].values()]
    assert urls and all(url.startswith(f"https://{CDN_DOMAIN}/images/") for url in urls)
    assert feed.status_code == 200 and f"https://{CDN_DOMAIN}/images/" in feed.content.decode()
    assert ready.status_code == 503 and ready.json()["failing"] == ["storage"]
