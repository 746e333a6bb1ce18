"""docs/editors.md stays a complete bilingual guide, true to the roles the migrations make."""

from pathlib import Path

import pytest

from home import roles

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "editors.md"
SECTIONS = {
    "fr": [
        "Les rôles",
        "Écrire un récit",
        "Images et texte alternatif",
        "Traduire et synchroniser",
        "Programmer",
        "Corriger",
        "Dépublier",
        "Ce que voient les partenaires",
    ],
    "en": [
        "Roles",
        "Writing a story",
        "Images and alternative text",
        "Translating and syncing",
        "Scheduling",
        "Corrections",
        "Unpublishing",
        "What partners see",
    ],
}


def parts() -> dict[str, str]:
    text = GUIDE.read_text()
    french, english = text.split("\n## English\n")
    return {"fr": french, "en": english}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_guide_has_every_section_in_both_languages(language):
    headings = [line[4:] for line in parts()[language].splitlines() if line.startswith("### ")]
    for section in SECTIONS[language]:
        assert any(heading.startswith(section) for heading in headings), section


@pytest.mark.django_db
def test_the_guide_names_the_roles_and_the_workflow_the_migrations_create():
    from django.contrib.auth.models import Group

    from wagtail.models import Workflow

    for name in (roles.JOURNALISTS, roles.EDITORS):
        assert Group.objects.filter(name=name).exists()
        assert name in parts()["fr"] and name in parts()["en"]
    assert Workflow.objects.filter(name=roles.EDITORIAL_WORKFLOW).exists()
    assert roles.EDITORIAL_WORKFLOW in parts()["fr"] and roles.EDITORIAL_WORKFLOW in parts()["en"]
    assert "docs/editors.md" in (GUIDE.parents[1] / "README.md").read_text()
