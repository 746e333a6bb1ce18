"""Languages (switch, catalogues), isolation from the CMS code, and security headers."""

import ast
import shutil
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from frontend import i18n
from frontend.i18n import choose_language, load_translations

from .fake_api import SERIES

FRONTEND = Path(__file__).resolve().parents[2] / "frontend"
CMS_PACKAGES = {
    "django",
    "wagtail",
    "rest_framework",
    "stories",
    "series",
    "api",
    "home",
    "media_site",
}


def test_the_reader_site_imports_nothing_from_the_cms():
    for source in FRONTEND.rglob("*.py"):
        tree = ast.parse(source.read_text(), filename=str(source))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert name.split(".")[0] not in CMS_PACKAGES, f"{source} imports {name}"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, "fr"),
        ("", "fr"),
        ("en", "en"),
        ("en-US,en;q=0.9", "en"),
        ("fr-CA, en;q=0.8", "fr"),
        ("de, en;q=0.5, fr;q=0.4", "en"),
        ("de, es", "fr"),
        ("en;q=0, fr;q=0.1", "fr"),
        ("en;q=bogus", "fr"),
    ],
)
def test_language_choice(header, expected):
    assert choose_language(header) == expected


def extracted_messages() -> set[str]:
    method_map = [("**.py", "python"), ("templates/**.html", "jinja2")]
    options = {"templates/**.html": {"extensions": "jinja2.ext.i18n", "trim_blocks": "True"}}
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(FRONTEND),
        method_map,
        options_map=options,
        keywords={"_": None, "gettext": None, "ngettext": (1, 2), "N_": None},
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


@pytest.mark.parametrize("language", ["fr", "en"])
def test_catalogues_are_complete(language):
    with (FRONTEND / "locale" / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    translated = {}
    for message in catalog:
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        translated[key] = all(strings) and not message.fuzzy
    wanted = extracted_messages()
    assert len(wanted) > 80
    missing = sorted(m for m in wanted if not translated.get(m))
    assert missing == []


def test_translations_load_from_po_when_mo_files_are_missing(tmp_path):
    shutil.copytree(FRONTEND / "locale", tmp_path / "locale")
    for mo in (tmp_path / "locale").rglob("*.mo"):
        mo.unlink()
    translations = load_translations("fr", tmp_path / "locale")
    assert translations.gettext("Skip to content") == "Aller au contenu"
    assert translations.ngettext("%(num)d episode", "%(num)d episodes", 2) == "%(num)d épisodes"


def test_compiled_catalogues_are_used_when_present(tmp_path):
    from babel.messages.mofile import write_mo

    shutil.copytree(FRONTEND / "locale", tmp_path / "locale")
    po = tmp_path / "locale" / "fr" / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as handle:
        catalog = read_po(handle, locale="fr")
    catalog.get("Skip to content").string = "Sauter au contenu (compilé)"
    mo = po.with_suffix(".mo")
    with mo.open("wb") as handle:
        write_mo(handle, catalog)
    assert i18n.load_translations("fr", tmp_path / "locale").gettext("Skip to content") == (
        "Sauter au contenu (compilé)"
    )


def test_language_switch_goes_to_the_translation(reader):
    html = reader.get("/fr/series/apres-la-mine/episode-2/").text
    assert '<a href="/en/series/after-the-mine/episode-2/" hreflang="en" lang="en">English' in html
    html = reader.get("/fr/series/apres-la-mine/").text
    assert '<a href="/en/series/after-the-mine/" hreflang="en" lang="en">' in html
    html = reader.get("/fr/territoires/loos-en-gohelle/").text
    assert '<a href="/en/territories/loos-en-gohelle/" hreflang="en"' in html


def test_language_switch_falls_back_to_the_other_home(reader, fake_api):
    html = reader.get("/fr/recits/le-recit-voisin/").text
    assert '<a href="/en/" hreflang="en" lang="en">English' in html
    fake_api.resolve["/en/series/untranslated/"] = dict(SERIES, locale="en", translations=[])
    html = reader.get("/en/series/untranslated/").text
    assert '<a href="/fr/" hreflang="fr" lang="fr">Français' in html


def test_every_page_has_a_language_switch(reader):
    for path in (
        "/fr/",
        "/en/",
        "/fr/series/",
        "/en/search/",
        "/fr/themes/transition/",
        "/fr/zzz/",
    ):
        html = reader.get(path).text
        assert 'class="language-switch"' in html, path


def test_passages_in_the_other_language_are_marked(reader, fake_api):
    from .fake_api import EPISODES

    fake_api.routes["home/"] = lambda q: {
        "title": "Terrain",
        "featured_series": [],
        "featured_stories": [dict(EPISODES[0], locale="en", title="An English story")],
        "latest_stories": [],
    }
    html = reader.get("/fr/").text
    assert '<article class="card" lang="en">' in html


def test_security_headers_on_pages_errors_and_files(reader, fake_api):
    for path in ("/fr/", "/fr/nowhere/", "/static/site.css"):
        response = reader.get(path)
        csp = response.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
        assert "http://api.test" in csp  # images and sound come from the CMS media host
        assert "unsafe-inline" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"


def test_no_inline_style_or_script_and_no_third_party_asset(reader):
    html = reader.get("/fr/series/apres-la-mine/episode-2/").text
    assert " style=" not in html and "<style" not in html
    scripts = [part for part in html.split("<script")[1:]]
    assert all(part.startswith(' type="application/ld+json"') for part in scripts)
    assert '<link rel="stylesheet" href="/static/site.css">' in html
    assert "fonts.googleapis" not in html and "cdn." not in html


def test_accessibility_landmarks_and_skip_link(reader):
    html = reader.get("/fr/series/apres-la-mine/episode-2/").text
    assert html.index('<a class="skip-link" href="#content">') < html.index("<header")
    assert '<main id="content"' in html
    assert '<nav aria-label="Principale"' in html and "<footer" in html
    assert html.count("<h1") == 1
