"""Jinja environments (one per interface language) and the filters templates use."""

import json
from pathlib import Path
from urllib.parse import urlsplit

from babel.numbers import format_decimal
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from .i18n import (
    LANGUAGE_NAMES,
    LANGUAGES,
    date_long,
    date_time,
    iso_datetime,
    load_translations,
    month_year,
)

TEMPLATE_DIR = Path(__file__).parent / "templates"

# The widths the reader site asks for, smallest first; the API names renditions w480…w1600.
SIZES_TEXT = "(min-width: 48rem) 44rem, 100vw"
SIZES_WIDE = "(min-width: 72rem) 68rem, 100vw"
SIZES_CARD = "(min-width: 48rem) 22rem, 100vw"


def href(url) -> str:
    """A reader-site URL from the API made relative, so links stay on the host readers use."""
    if not url:
        return ""
    parts = urlsplit(str(url))
    if not parts.scheme:
        return str(url)
    path = parts.path or "/"
    return (
        path
        + (f"?{parts.query}" if parts.query else "")
        + (f"#{parts.fragment}" if parts.fragment else "")
    )


def pick_rendition(image, preferred=("w800", "w1200", "w480", "w1600", "thumbnail")):
    """The rendition used for src, width and height (the srcset offers the others)."""
    if not image:
        return None
    renditions = image.get("renditions") or {}
    for name in preferred:
        if renditions.get(name, {}).get("url"):
            return renditions[name]
    for rendition in renditions.values():
        if isinstance(rendition, dict) and rendition.get("url"):
            return rendition
    if image.get("url"):
        return {"url": image["url"], "width": image.get("width"), "height": image.get("height")}
    return None


def srcset(image) -> str:
    if not image:
        return ""
    if image.get("srcset"):
        return image["srcset"]
    renditions = image.get("renditions") or {}
    parts = [
        f"{r['url']} {r['width']}w"
        for name, r in renditions.items()
        if name != "thumbnail" and isinstance(r, dict) and r.get("url") and r.get("width")
    ]
    return ", ".join(parts)


def json_ld(data) -> Markup:
    """JSON inside <script>: no sequence in it can close the element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)  # noqa: S704 - escaped above for the script context


def name_of(value) -> str:
    """Tags and roles come either as plain strings or as {name|label} objects."""
    if isinstance(value, dict):
        return (
            value.get("name") or value.get("label") or value.get("title") or value.get("slug") or ""
        )
    return str(value or "")


def N_(message: str) -> str:
    """Marks a message for extraction; translated when an environment is made."""
    return message


# Contributor roles on a story and partner roles on a series, as the API names them.
ROLE_LABELS = {
    "text": N_("Text"),
    "photo": N_("Photo"),
    "video": N_("Video"),
    "sound": N_("Sound"),
    "illustration": N_("Illustration"),
    "editing": N_("Editing"),
    "host-territory": N_("Host territory"),
    "funder": N_("Funder"),
    "media-partner": N_("Media partner"),
    "research-partner": N_("Research partner"),
}


def make_environment(language: str) -> Environment:
    translations = load_translations(language)
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        # Templates change only with a deployment, which restarts the process.
        auto_reload=False,
        autoescape=select_autoescape(["html", "xml", "svg"], default_for_string=True),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations, newstyle=True)
    env.filters.update(
        href=href,
        date_long=lambda value: date_long(value, language),
        date_time=lambda value: date_time(value, language),
        month_year=lambda value: month_year(value, language),
        iso=iso_datetime,
        srcset=srcset,
        rendition=pick_rendition,
        json_ld=json_ld,
        name_of=name_of,
        number=lambda value: (
            format_decimal(value, locale=language) if value not in (None, "") else ""
        ),
    )
    env.globals.update(
        LANGUAGE=language,
        LANGUAGE_NAMES=LANGUAGE_NAMES,
        ROLE_LABELS={role: translations.gettext(label) for role, label in ROLE_LABELS.items()},
        SIZES_TEXT=SIZES_TEXT,
        SIZES_WIDE=SIZES_WIDE,
        SIZES_CARD=SIZES_CARD,
    )
    return env


class Renderer:
    def __init__(self):
        self.environments = {language: make_environment(language) for language in LANGUAGES}
        self.translations = {language: load_translations(language) for language in LANGUAGES}

    def render(self, language: str, template: str, /, **context) -> str:
        return self.environments[language].get_template(template).render(**context)

    def gettext(self, language: str, message: str) -> str:
        return self.translations[language].gettext(message)
