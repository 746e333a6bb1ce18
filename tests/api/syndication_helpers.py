"""Shared by the syndication tests: the standards' schemas and a partner request helper."""

import json
from pathlib import Path

import pytest
from jsonschema import Draft7Validator, Draft202012Validator, FormatChecker

STANDARDS = Path(__file__).resolve().parents[2].parent / "shared" / "standards"
if not STANDARDS.exists():  # a checkout without the sibling shared/ folder
    STANDARDS = Path("/work/shared/standards")

NINJS_SCHEMA = json.loads((STANDARDS / "ninjs" / "ninjs-schema_3.1.json").read_text())
JSONFEED_SCHEMA = json.loads((STANDARDS / "jsonfeed" / "schema-v1.1.json").read_text())

ninjs_validator = Draft202012Validator(NINJS_SCHEMA, format_checker=FormatChecker())
jsonfeed_validator = Draft7Validator(JSONFEED_SCHEMA, format_checker=FormatChecker())


def assert_valid_ninjs(document: dict) -> None:
    errors = sorted(ninjs_validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def assert_valid_jsonfeed(document: dict) -> None:
    errors = sorted(jsonfeed_validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def auth(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Api-Key {key}"}


@pytest.fixture(autouse=True)
def isolated(settings, tmp_path):
    """Images of this test in its own folder (other test sessions empty the shared one), and
    no counter (rate limits, refused keys) left over from another test."""
    from django.core.cache import cache

    settings.MEDIA_ROOT = str(tmp_path / "media")
    cache.clear()
