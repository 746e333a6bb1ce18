"""A small but complete content tree for the API tests, built once per test module.

Building pages through Wagtail (revisions, publishing, search indexing) is the slow part of
these tests; each module gets one tree inside a transaction that is rolled back at the end.
"""

import datetime
import json
from types import SimpleNamespace

from django.db import transaction
from django.test import override_settings

from wagtail.contrib.redirects.models import Redirect

import pytest

from home.models import HomeFeaturedSeries, HomeFeaturedStory
from series.models import SeriesJournalist
from stories.models import StoryCorrection
from tests import factories as f


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker, tmp_path_factory):
    """Open a transaction for the whole module; tests run in savepoints inside it.
    Media go to a folder of the module's own, which no other test run can clean up."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    media.enable()
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            media.disable()


def build_world():
    w = SimpleNamespace()
    # Territories: a region, two departments, communes inside them; one translated.
    w.region = f.make_territory("Hauts-de-France", kind="region", code="fr", slug="hauts-de-france")
    w.pas_de_calais = f.make_territory("Pas-de-Calais", kind="department", parent=w.region)
    w.nord = f.make_territory("Nord", kind="department", parent=w.region)
    w.loos = f.make_territory(
        "Loos-en-Gohelle", parent=w.pas_de_calais, population=6500, lat="50.45700", lon="2.79300"
    )
    w.lille = f.make_territory("Lille", parent=w.nord)
    w.loos_en = f.translate_snippet(w.loos)
    w.transition = f.make_theme("Transition", slug="transition")
    w.industrie = f.make_theme("Industrie")
    w.agriculture = f.make_theme("Agriculture")
    w.transition_en = f.translate_snippet(w.transition, name="Transition (en)")
    w.jeanne = f.make_contributor("Jeanne Martin", role="reporter")
    w.paul = f.make_contributor("Paul Durand", role="photographe")
    w.fondation = f.make_partner("Fondation Terre", kind="foundation")
    w.region_partner = f.make_partner("Région HdF", kind="local-authority", slug="region-hdf")

    w.image = f.make_image("Terril", caption="Le terril 11/19", credit="Photo : démo")
    w.portrait = f.make_image("Portrait")
    f.make_renditions(w.image, w.portrait)
    w.report = f.make_document("Rapport d'étape", "rapport.pdf")
    w.sound = f.make_document("Entretien", "entretien.mp3", b"ID3")

    # A series with three episodes, the second a draft (prev/next must skip it).
    w.series = f.make_series(
        "Bassin minier",
        partners=[
            (w.fondation, "funder", "A financé 40 % de la résidence."),
            (w.region_partner, "host-territory", "A prêté un logement."),
        ],
        territory=w.loos,
        kind="residency",
        started_on=datetime.date(2025, 1, 1),
        ended_on=datetime.date(2025, 6, 30),
        cover_image=w.image,
        methodology="<p>Six mois sur place. <script>alert(1)</script></p>",
    )
    SeriesJournalist.objects.create(page=w.series, contributor=w.jeanne, sort_order=0)
    w.series.themes.set([w.transition])
    w.series.save_revision().publish()
    w.ep1 = f.make_story(
        "Épisode un",
        parent=w.series,
        authors=[(w.jeanne, "text"), (w.paul, "photo")],
        territory=w.loos,
        lead_image=w.image,
        published_at=f.days(-30),
    )
    w.ep1.themes.set([w.transition])
    w.ep1.tags.add("mines")
    w.ep1.save_revision().publish()
    w.ep2 = f.make_story("Épisode deux (brouillon)", parent=w.series, publish=False)
    w.ep3 = f.make_story(
        "Épisode trois", parent=w.series, territory=w.loos, published_at=f.days(-10)
    )
    w.ep3.themes.set([w.industrie])
    w.ep3.save_revision().publish()
    # English: the series and its first episode.
    w.series_en = f.translate_page(w.series, title="Mining basin")
    w.ep1_en = f.translate_page(w.ep1, title="Episode one")

    # A stand-alone story in Lille, theme agriculture.
    w.lille_story = f.make_story(
        "Maraîchers de Lille",
        territory=w.lille,
        published_at=f.days(-5),
        authors=[(w.paul, "photo")],
    )
    w.lille_story.themes.set([w.agriculture])
    w.lille_story.save_revision().publish()

    # Content that must never be visible, one of each kind.
    w.draft = f.make_story("Caché brouillon", publish=False)
    w.unpublished = f.hide(f.make_story("Caché dépublié"), "unpublished")
    w.restricted = f.hide(f.make_story("Caché restreint"), "restricted")
    w.future = f.hide(f.make_story("Caché embargo"), "future")
    w.expired = f.hide(f.make_story("Caché expiré"), "expired")
    w.hidden_series = f.make_series("Série cachée", territory=w.loos)
    w.under_hidden = f.make_story("Caché sous série", parent=w.hidden_series, territory=w.loos)
    w.hidden_series.unpublish()
    w.hidden = [w.draft, w.unpublished, w.restricted, w.future, w.expired, w.under_hidden, w.ep2]
    for page in w.hidden:
        type(page).objects.filter(pk=page.pk).update(territory=w.loos)
        page.themes.through.objects.get_or_create(storypage_id=page.pk, theme_id=w.transition.pk)

    # A story with every block type, linking to public and hidden content.
    paragraph = (
        f'<p>Voir <a linktype="page" id="{w.ep1.pk}">l’épisode</a>, '
        f'<a linktype="page" id="{w.expired.pk}">un caché</a> et '
        f'<a linktype="document" id="{w.report.pk}">le rapport</a>. '
        '<a href="javascript:alert(1)">piège</a><script>alert(1)</script>'
        '<b onclick="alert(1)">gras</b><embed embedtype="image" id="1" format="left"/></p>'
    )
    body = [
        {"type": "paragraph", "value": paragraph, "id": "p1"},
        {"type": "heading", "value": {"text": "Trente ans", "level": "h2"}, "id": "h1"},
        {
            "type": "image",
            "value": {"image": w.image.pk, "caption": "", "credit": "", "layout": "wide"},
            "id": "i1",
        },
        {
            "type": "gallery",
            "value": {
                "title": "Sur place",
                "images": [
                    {"type": "item", "value": {"image": w.image.pk, "caption": "un"}, "id": "g1"},
                    {"type": "item", "value": {"image": w.portrait.pk, "caption": ""}, "id": "g2"},
                ],
            },
            "id": "g",
        },
        {
            "type": "quote",
            "value": {"text": "Ici on raconte.", "attribution": "Une habitante", "role": "voisine"},
            "id": "q1",
        },
        {
            "type": "embed",
            "value": {
                "url": "https://www.youtube.com/watch?v=abcDEF12345",
                "title": "Vidéo",
                "caption": "",
            },
            "id": "e1",
        },
        {
            "type": "audio",
            "value": {
                "file": w.sound.pk,
                "title": "Entretien",
                "duration": "12:30",
                "transcript": "<p>Bonjour.</p>",
            },
            "id": "a1",
        },
        {
            "type": "key_figures",
            "value": {
                "title": "En chiffres",
                "figures": [
                    {"type": "item", "value": {"figure": "6 500", "label": "habitants"}, "id": "k"}
                ],
            },
            "id": "k1",
        },
        {
            "type": "fact_box",
            "value": {"title": "PETR", "body": "<p>Un pôle.</p>"},
            "id": "f1",
        },
        {
            "type": "map",
            "value": {"lat": "50.45700", "lon": "2.79300", "label": "Loos"},
            "id": "m1",
        },
        {
            "type": "document",
            "value": {"document": w.report.pk, "title": "", "description": "PDF"},
            "id": "d1",
        },
        {
            "type": "person",
            "value": {
                "name": "Marie",
                "role": "maraîchère",
                "portrait": w.portrait.pk,
                "text": "Installée en 2019.",
            },
            "id": "pe1",
        },
        {
            "type": "related",
            "value": {
                "title": "À lire",
                "stories": [
                    {"type": "item", "value": w.ep1.pk, "id": "r1"},
                    {"type": "item", "value": w.expired.pk, "id": "r2"},
                    {"type": "item", "value": w.draft.pk, "id": "r3"},
                ],
            },
            "id": "r",
        },
    ]
    w.rich = f.make_story(
        "Tout en blocs",
        body=json.dumps(body),
        lead_image=w.image,
        lead_image_caption="Légende propre",
        licence="cc-by-4.0",
        published_at=f.days(-1),
    )
    w.rich.corrections.add(
        StoryCorrection(corrected_on=datetime.date(2025, 5, 12), text="Une date corrigée.")
    )
    w.rich.save_revision().publish()
    w.rich.refresh_from_db()

    # Front page curation (one hidden story among the featured).
    home = f.home()
    HomeFeaturedSeries.objects.create(page=home, series=w.series, sort_order=0)
    HomeFeaturedSeries.objects.create(page=home, series=w.hidden_series, sort_order=1)
    HomeFeaturedStory.objects.create(page=home, story=w.expired, sort_order=0)
    HomeFeaturedStory.objects.create(page=home, story=w.ep1, sort_order=1)

    w.redirect = Redirect.objects.create(old_path="/fr/ancien-recit", redirect_page=w.ep1)
    w.redirect_hidden = Redirect.objects.create(old_path="/fr/vers-cache", redirect_page=w.expired)
    w.public_stories = [w.rich, w.lille_story, w.ep3, w.ep1]  # newest first
    return w


@pytest.fixture(scope="module")
def world(module_db):
    return build_world()


@pytest.fixture
def api(client, world, db):
    """A Django test client that also decodes JSON."""

    def get(_endpoint, /, **params):
        url = _endpoint if _endpoint.startswith("/") else f"/api/v1/{_endpoint}"
        return client.get(url, params)

    get.client = client
    return get


@pytest.fixture
def receiver():
    """A real webhook receiver on loopback answering 200 (tests/api/webhook_receiver.py)."""
    from .webhook_receiver import start_receiver, stop_receiver

    receiver = start_receiver()
    yield receiver
    stop_receiver(receiver)


@pytest.fixture
def fresh_process_memory():
    """No prepared shape, stored body or list total held by this process, before and after:
    for tests of what a process keeps between requests."""
    from api.read_model import bodies, lists, prepared

    for held in (prepared, bodies, lists):
        held.forget_all()
    yield
    for held in (prepared, bodies, lists):
        held.forget_all()
