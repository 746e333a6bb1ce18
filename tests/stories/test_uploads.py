"""Upload bounds through the Wagtail admin: an oversize file or a decompression bomb gets a
clear error, and nothing is half-saved (no row, no file)."""

import os
import struct
import zlib

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.models import Collection

import pytest

from stories.models import TerrainImage
from tests import factories

pytestmark = pytest.mark.django_db


def bomb_png(width: int = 30_000, height: int = 30_000) -> bytes:
    """A tiny, valid-looking PNG that claims 900 million pixels (decoded: 2.7 GB of RGB)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" * 1024, 9)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def files_under(folder: str) -> list[str]:
    root = settings.MEDIA_ROOT / folder
    return sorted(name for _, _, names in os.walk(root) for name in names) if root.exists() else []


def post_image(client, content: bytes, name="photo.png"):
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Envoi",
            "file": SimpleUploadedFile(name, content, "image/png"),
            "alt_text": "Une photo",
            "licence": "all-rights-reserved",
            "collection": Collection.get_first_root_node().pk,
        },
    )


def form_errors(response) -> str:
    return " ".join(str(error) for error in response.context["form"].errors.get("file", []))


@pytest.mark.parametrize(
    "side",
    [
        10_000,  # 100 Mpx: over Wagtail's bound (64 Mpx), which names the count
        30_000,  # 900 Mpx: Pillow's own bomb guard trips first, Wagtail still says why
    ],
)
def test_a_decompression_bomb_is_refused_with_a_clear_error(admin_client, side):
    before = files_under("original_images")
    content = bomb_png(side, side)
    assert len(content) < 200

    response = post_image(admin_client, content, "bomb.png")

    assert response.status_code == 200  # the form again, with the error
    # The admin speaks French (LANGUAGE_CODE): "too many pixels … maximum 64000000".
    assert "trop grand nombre de pixels" in form_errors(response)
    assert "64000000" in form_errors(response)
    assert not TerrainImage.objects.exists()
    assert files_under("original_images") == before


@override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=50 * 1024)
def test_an_oversize_image_is_refused_with_a_clear_error(admin_client):
    before = files_under("original_images")
    content = os.urandom(60 * 1024)  # noise doesn't compress: a real 60 KB upload
    content = factories.png_bytes(200, 200) + content  # trailing bytes after a valid PNG

    response = post_image(admin_client, content, "big.png")

    assert response.status_code == 200
    # "This file is too big (60.6 KiB). Maximum filesize 50.0 KiB.", in French.
    assert "trop gros" in form_errors(response)
    assert "50,0" in form_errors(response)
    assert not TerrainImage.objects.exists()
    assert files_under("original_images") == before


def test_an_image_within_bounds_is_accepted(admin_client):
    response = post_image(admin_client, factories.png_bytes())
    assert response.status_code == 302
    assert TerrainImage.objects.count() == 1


@override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=10 * 1024)
def test_an_oversize_document_is_refused_with_a_clear_error(admin_client):
    before = files_under("documents")
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Rapport",
            "file": SimpleUploadedFile("rapport.pdf", b"%PDF" + b"x" * 20 * 1024),
            "collection": Collection.get_first_root_node().pk,
        },
    )

    assert response.status_code == 200
    errors = " ".join(str(e) for e in response.context["form"].errors.get("file", []))
    assert "trop gros" in errors and "10,0" in errors
    assert not get_document_model().objects.exists()
    assert files_under("documents") == before


def test_production_bounds_are_set():
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 20 * 1024 * 1024
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 64_000_000
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == 100 * 1024 * 1024


def test_the_multiple_uploader_refuses_a_bomb_too(admin_client):
    before = files_under("original_images")
    response = admin_client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile("bomb.png", bomb_png(10_000, 10_000), "image/png")},
    )

    assert response.status_code == 200
    body = response.json()
    assert body["success"] is False
    assert "trop grand nombre de pixels" in body["error_message"]
    assert not TerrainImage.objects.exists()
    assert files_under("original_images") == before


# --- Journalists upload (issue 9.3, 9.15): as real group members, not superusers ------------


def test_a_journalist_sees_the_images_menu_and_the_upload_views(client):
    client.force_login(factories.make_journalist())

    menu = client.get(reverse("wagtailadmin_home"))
    assert menu.status_code == 200
    assert reverse("wagtailimages:index") in menu.content.decode()
    assert client.get(reverse("wagtailimages:index")).status_code == 200
    assert client.get(reverse("wagtailimages:add")).status_code == 200
    assert client.get(reverse("wagtailimages:add_multiple")).status_code == 200
    assert client.get(reverse("wagtailimages_chooser:choose")).status_code == 200


def test_a_journalist_uploads_an_image_through_the_admin(client):
    journalist = factories.make_journalist()
    client.force_login(journalist)

    response = post_image(client, factories.png_bytes())

    assert response.status_code == 302, response.content[:2000]
    image = TerrainImage.objects.get()
    assert image.uploaded_by_user == journalist
    assert image.alt_text == "Une photo"


def test_a_bulk_upload_by_a_journalist_keeps_every_image_with_the_usual_licence(client):
    """The multiple uploader's form has only the file: each image must be kept as uploaded,
    with the newsroom's usual licence, before anyone fills in its details."""
    client.force_login(factories.make_journalist())
    page = client.get(reverse("wagtailimages:add_multiple"))
    # The uploader posts the collection picked on its page (the first one offered) with each file.
    collection = page.context["collections"][0] if page.context.get("collections") else None

    for number in range(3):
        response = client.post(
            reverse("wagtailimages:add_multiple"),
            {
                "collection": collection.pk if collection else "",
                "files[]": SimpleUploadedFile(
                    f"terril-{number}.png", factories.png_bytes(color=(number, 9, 9)), "image/png"
                ),
            },
        )
        assert response.status_code == 200
        assert response.json()["success"] is True, response.json()

    images = TerrainImage.objects.order_by("title")
    assert images.count() == 3
    assert {image.licence for image in images} == {settings.IMAGE_DEFAULT_LICENCE}
    assert all(image.file.storage.exists(image.file.name) for image in images)
