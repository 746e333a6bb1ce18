"""Operational settings: e-mail from the environment (issue 9 item 12), an admin that never
calls the internet (issue 9 item 20), the embedded default's own secret key and no debug page
(issue 10 item 21), and documents never served from MEDIA_ROOT (issue 10 item 1)."""

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

import pytest

from home.roles import EDITORS
from media_site.settings.base import email_settings
from tests import factories

ROOT = Path(__file__).resolve().parents[2]
SMTP = "django.core.mail.backends.smtp.EmailBackend"


def settings_in_a_fresh_process(module: str, expression: str, **env) -> object:
    """What a settings module gives when a process starts with only these variables."""
    scrubbed = ("DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DEBUG", "EMAIL_URL", "EMAIL_HOST")
    child_env = {k: v for k, v in os.environ.items() if k not in scrubbed}
    child_env.update(DJANGO_SETTINGS_MODULE=module, **env)
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        f"print(json.dumps({expression}, default=str))"
    )
    result = subprocess.run(  # noqa: S603 (our own interpreter)
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=child_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- e-mail ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "submission://news%40example.org:p%40ss@smtp.example.org",
            ("smtp.example.org", 587, "news@example.org", "p@ss", True, False),
        ),
        (
            "smtps://user:secret@mail.example.org",
            ("mail.example.org", 465, "user", "secret", False, True),
        ),
        (
            "smtp+tls://user:secret@mail.example.org:2525",
            ("mail.example.org", 2525, "user", "secret", True, False),
        ),
        ("smtp://relay.internal", ("relay.internal", 25, "", "", False, False)),
    ],
)
def test_email_url_gives_every_smtp_setting(url, expected):
    values = email_settings({"EMAIL_URL": url})
    assert values["EMAIL_BACKEND"] == SMTP
    got = tuple(
        values[name]
        for name in (
            "EMAIL_HOST",
            "EMAIL_PORT",
            "EMAIL_HOST_USER",
            "EMAIL_HOST_PASSWORD",
            "EMAIL_USE_TLS",
            "EMAIL_USE_SSL",
        )
    )
    assert got == expected


def test_separate_email_variables_and_refusals():
    values = email_settings(
        {
            "EMAIL_HOST": "smtp.example.org",
            "EMAIL_PORT": "587",
            "EMAIL_HOST_USER": "news",
            "EMAIL_HOST_PASSWORD": "secret",
            "EMAIL_USE_TLS": "true",
        }
    )
    assert (values["EMAIL_HOST"], values["EMAIL_PORT"], values["EMAIL_USE_TLS"]) == (
        "smtp.example.org",
        587,
        True,
    )
    assert email_settings({"EMAIL_URL": "console://"})["EMAIL_BACKEND"].endswith(
        "console.EmailBackend"
    )
    with pytest.raises(ValueError, match="unknown scheme"):
        email_settings({"EMAIL_URL": "pigeon://loft"})
    with pytest.raises(ValueError, match="exclusive"):
        email_settings({"EMAIL_USE_TLS": "1", "EMAIL_USE_SSL": "1"})


def test_production_reads_its_mail_settings_from_the_environment():
    from tests.production.test_settings import REQUIRED

    got = settings_in_a_fresh_process(
        "media_site.settings.production",
        "[settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT, "
        "settings.EMAIL_USE_TLS, settings.DEFAULT_FROM_EMAIL, settings.SERVER_EMAIL]",
        EMAIL_URL="submission://terrain:secret@smtp.example.org",
        DEFAULT_FROM_EMAIL="Terrain <redaction@example.org>",
        SERVER_EMAIL="alertes@example.org",
        **REQUIRED,
    )
    assert got == [
        SMTP,
        "smtp.example.org",
        587,
        True,
        "Terrain <redaction@example.org>",
        "alertes@example.org",
    ]


@pytest.mark.django_db
def test_submitting_a_story_for_review_emails_the_editors(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.DEFAULT_FROM_EMAIL = "Terrain <redaction@example.org>"
    journalist = factories.make_journalist()
    editor = factories.make_editor()
    factories.make_editor(email="")  # no address: nothing to send
    story = factories.make_story("Relu avant publication", publish=False)
    mail.outbox.clear()

    story.get_workflow().start(story, journalist)  # what the admin's "Submit" does

    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == [editor.email]
    message = mail.outbox[0]
    assert "Relu avant publication" in message.subject
    assert message.from_email == "Terrain <redaction@example.org>"
    # The link in the mail leads to the CMS's public address, not to a relative path.
    assert settings.WAGTAILADMIN_BASE_URL in message.body


# --- the admin never calls the internet -----------------------------------------------------


def test_no_gravatar_no_release_check_no_whats_new(settings):
    from wagtail.users.utils import get_gravatar_url

    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    assert settings.WAGTAIL_ENABLE_UPDATE_CHECK is False
    assert settings.WAGTAIL_ENABLE_WHATS_NEW_BANNER is False
    assert get_gravatar_url("editrice@example.test") is None


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["superuser", "editor", "journalist"])
def test_the_admin_pages_name_no_outside_host(client, who):
    if who == "superuser":  # the release check is only ever shown to superusers
        user = User.objects.create_superuser("admin", "admin@example.test", "pass-for-tests")
    else:
        user = getattr(factories, f"make_{who}")()
    client.force_login(user)
    story = factories.make_story("Un récit")
    for url in (
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_pages:edit", args=(story.pk,)),
        reverse("wagtailadmin_account"),
    ):
        html = client.get(url).content.decode()
        for outside in ("gravatar.com", "releases.wagtail.org", "data-w-upgrade", "w-whats-new"):
            assert outside not in html, (url, outside)


# --- the embedded default: its own secret key, no debug page ------------------------------


def test_make_run_makes_its_own_secret_key_once_and_keeps_it_private(tmp_path):
    key_file = tmp_path / ".run" / "secret_key"
    expression = "[settings.SECRET_KEY, settings.DEBUG]"
    first = settings_in_a_fresh_process(
        "media_site.settings.dev", expression, SECRET_KEY_FILE=str(key_file)
    )
    second = settings_in_a_fresh_process(
        "media_site.settings.dev", expression, SECRET_KEY_FILE=str(key_file)
    )
    key, debug = first
    assert second == first  # sessions and preview links survive a restart
    assert len(key) >= 50 and "insecure" not in key
    assert key_file.read_text().strip() == key
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert debug is False  # no debug page with local variables for the newsroom's network
    other = settings_in_a_fresh_process(
        "media_site.settings.dev", expression, SECRET_KEY_FILE=str(tmp_path / "other")
    )
    assert other[0] != key  # every machine its own


def test_debug_is_a_developers_explicit_choice(tmp_path):
    debug = settings_in_a_fresh_process(
        "media_site.settings.dev",
        "settings.DEBUG",
        DEBUG="true",
        SECRET_KEY_FILE=str(tmp_path / "key"),
    )
    assert debug is True


def test_the_dev_settings_carry_no_fixed_key():
    source = (ROOT / "media_site" / "settings" / "dev.py").read_text()
    assert "dev-only-insecure-key" not in source


# --- documents are never served from MEDIA_ROOT --------------------------------------------


@pytest.fixture
def restricted_document(db):
    root = Collection.get_first_root_node()
    private = root.add_child(name="Documents de la rédaction")
    restriction = CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name=EDITORS))
    document = get_document_model()(
        title="Contrat de la source",
        file=ContentFile(b"%PDF-1.4 confidentiel", name="contrat-source.pdf"),
        collection=private,
    )
    document.save()
    return document


@pytest.mark.parametrize("debug", [False, True])
def test_a_restricted_document_is_not_served_from_media(
    client, settings, restricted_document, debug
):
    settings.DEBUG = debug
    settings.SERVE_LOCAL_MEDIA = True
    file_name = Path(restricted_document.file.name)
    assert file_name.parts[0] == "documents"
    assert (Path(settings.MEDIA_ROOT) / file_name).exists()
    response = client.get(f"{settings.MEDIA_URL}{file_name.as_posix()}")
    assert response.status_code == 404
    # Only the permission-checked view serves it, and not to an anonymous reader.
    url = reverse("wagtaildocs_serve", args=(restricted_document.pk, file_name.name))
    response = client.get(url)
    assert response.status_code != 200
    assert b"confidentiel" not in b"".join(
        getattr(response, "streaming_content", [response.content])
    )


@pytest.mark.django_db
def test_renditions_are_served_and_originals_are_not(client, settings):
    settings.SERVE_LOCAL_MEDIA = True
    image = factories.make_image("Terril")
    rendition = image.get_rendition("width-480")
    response = client.get(rendition.url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/")
    assert client.get(f"{settings.MEDIA_URL}{image.file.name}").status_code == 404
    assert client.get(f"{settings.MEDIA_URL}images/..%2Foriginal_images%2Fx.png").status_code == 404
    settings.SERVE_LOCAL_MEDIA = False  # production: its web server or S3 does it
    assert client.get(rendition.url).status_code == 404
