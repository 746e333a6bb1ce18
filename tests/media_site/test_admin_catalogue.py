"""The French admin speaks French: every string the project adds to the admin has a French
translation in locale/fr, and the words Wagtail's own catalogues get wrong for a newsroom
("Régions" for languages, "rejetée" for a request for changes) are overridden there."""

import glob
import io
import re
from pathlib import Path

from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.forms.utils import pretty_name
from django.utils import translation
from django.utils.translation.template import templatize

import wagtail
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.fields import StreamField

import pytest
from babel.messages.extract import extract
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(settings.BASE_DIR)
OUR_APPS = ("home", "stories", "series", "api")
# The admin modules of `api`; the rest of it is the public API, which answers in its own terms.
ADMIN_SOURCES = [
    *[
        path
        for app in ("home", "stories", "series")
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts
    ],
    ROOT / "api" / "partner_admin.py",
    ROOT / "api" / "webhook_admin.py",
    ROOT / "api" / "wagtail_hooks.py",
]
ADMIN_TEMPLATES = sorted(
    path
    for app in OUR_APPS
    for path in (ROOT / app / "templates").rglob("*.html")
    if app != "api" or "admin" in path.parts
)
# Bookkeeping models no admin screen, menu or permission list shows.
INTERNAL_MODELS = {
    "api.DocumentRead",
    "api.PublicationStamp",
    "api.PublishedDocument",
    "series.APIKeyUsage",
    "series.StoryFeedState",
    "series.WebhookAttempt",
    "stories.StoryTag",
    "stories.TerrainRendition",
}
# Words spelled the same in both languages: the only strings allowed to stay as they are.
SAME_IN_FRENCH = {
    "Association",
    "collection",
    "Commune",
    "description",
    "Document",
    "Illustration",
    "image",
    "images",
    "latitude",
    "licence",
    "logo",
    "longitude",
    "Photo",
    "Podcast",
    "population",
    "slug",
    "URL",
    "Webhooks",
    "CC BY 4.0",
    "CC BY-SA 4.0",
    "CC BY-NC-ND 4.0",
    "PETR / pays",
}


def same_in_french(text: str) -> bool:
    return text.lower() in {word.lower() for word in SAME_IN_FRENCH}


def in_language(text, language: str) -> str:
    with translation.override(language):
        return str(text)


def untranslated(strings) -> list[str]:
    """Each (where, text) whose French is the English, unless the word is the same in both."""
    missing = []
    for where, text in strings:
        if text is None or not str(text).strip():
            continue
        english, french = in_language(text, "en"), in_language(text, "fr")
        if french == english and not same_in_french(english):
            missing.append(f"{where}: {english!r}")
    return sorted(set(missing))


def model_strings():
    for model in apps.get_models():
        label = model._meta.label
        if model._meta.app_label not in OUR_APPS:
            continue
        if label in INTERNAL_MODELS:
            continue
        yield f"{label} verbose_name", model._meta.verbose_name
        yield f"{label} verbose_name_plural", model._meta.verbose_name_plural
        for field in model._meta.get_fields():
            # Fields of Wagtail's Page (multi-table parent) are Wagtail's, translated by it.
            if not isinstance(field, models.Field) or field.model._meta.app_label not in OUR_APPS:
                continue
            # Never a form field: bookkeeping, the inline's parent, Wagtail's generic relations.
            if field.auto_created or not field.editable or field.name in {"translation_key"}:
                continue
            if field.name.startswith("focal_point_"):  # hidden inputs of the focal-point tool
                continue
            if isinstance(field, ParentalKey | GenericRelation):
                continue
            yield f"{label}.{field.name} verbose_name", field.verbose_name
            yield f"{label}.{field.name} help_text", field.help_text
            for _value, choice in field.flatchoices or []:
                yield f"{label}.{field.name} choice", choice
            if isinstance(field, StreamField):
                yield from block_strings(field.stream_block, f"{label}.{field.name}")


def block_strings(block, where: str):
    yield f"{where} label", block.label
    yield f"{where} help_text", getattr(block.meta, "help_text", None)
    yield f"{where} description", getattr(block.meta, "description", None)
    if isinstance(block, blocks.ChoiceBlock):
        for _value, choice in block.field.choices:
            yield f"{where} choice", choice
    if isinstance(block, blocks.ListBlock):
        yield from block_strings(block.child_block, f"{where}[]")
    for name, child in getattr(block, "child_blocks", {}).items():
        yield from block_strings(child, f"{where}.{name}")


def form_strings():
    """Form fields declared in our code (model form fields come from the models)."""
    from api import webhook_admin
    from stories import forms as story_forms

    for module in (webhook_admin, story_forms):
        for name, form in vars(module).items():
            if not (isinstance(form, type) and issubclass(form, forms.BaseForm)):
                continue
            if form.__module__ != module.__name__:
                continue
            for field_name, field in form.declared_fields.items():
                where = f"{module.__name__}.{name}.{field_name}"
                yield f"{where} label", field.label or pretty_name(field_name)
                yield f"{where} help_text", field.help_text
                for message in field.error_messages.values():
                    yield f"{where} error", message


def admin_labels():
    """Menu labels and titles of our admin views, whether or not someone wrapped them."""
    from api import partner_admin, wagtail_hooks, webhook_admin
    from series import wagtail_hooks as series_hooks
    from stories import wagtail_hooks as stories_hooks

    for module in (partner_admin, wagtail_hooks, webhook_admin, series_hooks, stories_hooks):
        for name, cls in vars(module).items():
            if not isinstance(cls, type) or cls.__module__ != module.__name__:
                continue
            for attribute in ("menu_label", "page_title", "header_title", "add_item_label"):
                if attribute in vars(cls):
                    yield f"{module.__name__}.{name}.{attribute}", vars(cls)[attribute]
    yield "Reports menu item", wagtail_hooks.register_usage_report_menu_item().label


def python_of_template(path: Path) -> bytes:
    """Django's own template-to-gettext-calls conversion (as makemessages does), each line
    dedented so Python's tokenizer reads it."""
    code = templatize(path.read_text(), origin=str(path))
    return "\n".join(line.strip() for line in code.splitlines()).encode()


def source_messages():
    """Every gettext string in our admin code and templates, as makemessages would find it."""
    keywords = {
        "_": None,
        "gettext": None,
        "gettext_lazy": None,
        "ngettext": (1, 2),
        "ngettext_lazy": (1, 2),
        "pgettext": ((1, "c"), 2),
        "pgettext_lazy": ((1, "c"), 2),
    }
    sources = [(path, path.read_bytes()) for path in ADMIN_SOURCES]
    sources += [(path, python_of_template(path)) for path in ADMIN_TEMPLATES]
    for path, content in sources:
        for lineno, message, _comments, context in extract(
            "python", io.BytesIO(content), keywords=keywords
        ):
            yield path.relative_to(ROOT), lineno, message, context


def test_admin_sources_were_found():
    assert len(ADMIN_SOURCES) > 10
    assert any(path.name == "key_usage.html" for path in ADMIN_TEMPLATES)
    assert len(list(source_messages())) > 150


def test_every_model_field_and_block_string_has_a_french_translation():
    assert untranslated(model_strings()) == []


def test_every_form_field_string_has_a_french_translation():
    assert untranslated(form_strings()) == []


def test_every_menu_label_and_view_title_has_a_french_translation():
    assert untranslated(admin_labels()) == []


def test_every_gettext_string_of_our_admin_code_has_a_french_translation():
    missing = []
    for path, lineno, message, context in source_messages():
        with translation.override("fr"):
            if isinstance(message, tuple):
                french = translation.ngettext(message[0], message[1], 2)
                english = message[1]
            elif context:
                french, english = translation.pgettext(context, message), message
            else:
                french, english = translation.gettext(message), message
        if french == english and not same_in_french(english):
            missing.append(f"{path}:{lineno}: {english!r}")
    assert missing == []


def catalogue_entries(path: Path):
    with path.open("rb") as handle:
        return read_po(handle, locale="fr")


def as_key(message):
    """A hashable (context, id), plural ids and strings as tuples."""
    if isinstance(message.string, list):
        message.string = tuple(message.string)
    return message.context, tuple(message.id) if isinstance(message.id, list) else message.id


PROJECT_PO = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def test_the_compiled_catalogue_matches_its_source():
    """The .mo is committed (production, CI and a fresh `make run` need no msgfmt): it must say
    what the .po says. Recompile with `make locale`."""
    with (PROJECT_PO.with_suffix(".mo")).open("rb") as handle:
        compiled = {as_key(message): message.string for message in read_mo(handle) if message.id}
    source = {
        as_key(message): message.string
        for message in catalogue_entries(PROJECT_PO)
        if message.id and message.string and not message.fuzzy
    }
    assert compiled == source


def test_the_catalogue_has_no_fuzzy_or_empty_entry():
    bad = [
        message.id
        for message in catalogue_entries(PROJECT_PO)
        if message.id and (message.fuzzy or not message.string or not all(message.string))
    ]
    assert bad == []


def wagtail_french_catalogues():
    site = Path(wagtail.__file__).parents[1]
    pattern = str(site / "wagtail*" / "**" / "locale" / "fr" / "LC_MESSAGES" / "django.po")
    for path in sorted(glob.glob(pattern, recursive=True)):
        yield from catalogue_entries(Path(path))


@pytest.mark.parametrize(
    ("wrong", "why"),
    [
        (r"r[ée]gion", "a Wagtail locale is a language: “Régions” collides with territories"),
        (r"rejet", "an editor's “Request changes” reaches the journalist as changes requested"),
    ],
)
def test_wagtail_wording_is_overridden_for_the_newsroom(wrong, why):
    found = 0
    still_wrong = []
    for message in wagtail_french_catalogues():
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not message.id or not any(re.search(wrong, s or "", re.I) for s in strings):
            continue
        found += 1
        with translation.override("fr"):
            if isinstance(message.id, tuple):
                shown = [translation.ngettext(*message.id, n) for n in (1, 2)]
            else:
                shown = [translation.gettext(message.id)]
        if any(re.search(wrong, text, re.I) for text in shown):
            still_wrong.append((message.id, shown))
    assert found, "Wagtail's catalogues changed: check the wording again"
    assert still_wrong == [], why


def test_menu_and_status_words():
    with translation.override("fr"):
        assert translation.gettext("Locales") == "Langues"
        assert translation.gettext("Rejected") == "Modifications demandées"
        assert translation.gettext("Locale") == "Langue"
