"""The README stays true: every environment variable the code reads is in its table."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ["media_site", "home", "stories", "series", "api", "frontend"]
READ = re.compile(
    r"""\b(?:environ\.get\(|environ\[|env\.get\(|getenv\(|required\(|env_list\(|env_bool\()"""
    r"""\s*["']([A-Z][A-Z0-9_]+)["']"""
)


def variables_read_by_the_code() -> set[str]:
    found = set()
    for source in SOURCES:
        for path in (ROOT / source).rglob("*.py"):
            found |= set(READ.findall(path.read_text()))
    return found - {"DJANGO_SETTINGS_MODULE_FOR_TESTS"}


def test_every_environment_variable_is_documented():
    readme = (ROOT / "README.md").read_text()
    documented = set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", readme, re.MULTILINE))
    missing = variables_read_by_the_code() - documented
    assert not missing, f"add these to the README's table: {sorted(missing)}"


def test_readme_shows_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    assert "make run" in readme and "make test" in readme
