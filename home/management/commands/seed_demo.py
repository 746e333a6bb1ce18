"""`manage.py seed_demo`: the bilingual demo newsroom, created once, found again afterwards.

Every object is looked up by a natural key before it is made (images and documents by title,
snippets by slug and locale, pages by slug under their parent, translations by
translation_key), so a second run finds everything and writes nothing.
"""

import datetime
import io
import logging
from collections import Counter

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.models import Collection, Locale, Page
from wagtail.rich_text import RichText

from home import demo_content as content
from home.demo_content.references import (
    DocumentRef,
    ImageCaption,
    ImageRef,
    Rich,
    StoryRef,
    T,
)
from home.demo_media import DRAWN_CREDIT, landscape_jpeg, text_pdf, tone_wav
from home.models import HomeFeaturedSeries, HomeFeaturedStory, HomePage
from series.models import Partner, SeriesIndexPage, SeriesJournalist, SeriesPage, SeriesPartner
from stories.models import (
    Contributor,
    StoryAuthor,
    StoryCorrection,
    StoryIndexPage,
    StoryPage,
    TerrainImage,
    Territory,
    Theme,
)

ENGLISH_CREDIT = "Generated illustration — demo"
SNIPPET_LABELS = {
    Territory: "territories",
    Theme: "themes",
    Contributor: "contributors",
    Partner: "partners",
}


class DemoSeeder:
    def __init__(self):
        self.locales = {code: Locale.objects.get(language_code=code) for code in content.LANGUAGES}
        self.created = Counter()
        self.images = {}
        self.documents = {}
        self.snippets = {}
        self.pages = {}

    # Files -------------------------------------------------------------------------------

    def seed_files(self):
        root = Collection.get_first_root_node()
        collection = root.get_children().filter(name=content.COLLECTION_NAME).first()
        if collection is None:
            collection = root.add_child(name=content.COLLECTION_NAME)
        for key, spec in content.IMAGES.items():
            image = TerrainImage.objects.filter(title=spec["title"]).first()
            if image is None:
                data = landscape_jpeg(
                    key, spec["label"], content.PALETTES[spec["palette"]], spec["motif"]
                )
                image = TerrainImage(
                    title=spec["title"],
                    alt_text=spec["alt"].fr,
                    caption=spec["caption"].fr,
                    credit=DRAWN_CREDIT,
                    licence=spec["licence"],
                    collection=collection,
                    file=ImageFile(io.BytesIO(data), name=f"demo-{key}.jpg"),
                )
                image._set_image_file_metadata()
                image.save()
                self.created["images"] += 1
            self.images[key] = image

        Document = get_document_model()
        for key, versions in content.DOCUMENTS.items():
            for language, spec in versions.items():
                document = Document.objects.filter(title=spec["title"]).first()
                if document is None:
                    if spec["kind"] == "pdf":
                        data = text_pdf(spec["title"], spec["paragraphs"])
                    else:
                        data = tone_wav()
                    document = Document(
                        title=spec["title"],
                        collection=collection,
                        file=ContentFile(data, name=spec["filename"]),
                    )
                    document._set_document_file_metadata()
                    document.save()
                    self.created["documents"] += 1
                self.documents[key, language] = document

    # Snippets ----------------------------------------------------------------------------

    def snippet(self, model, slug: T, fields: dict, en_fields: dict | None = None):
        """The French row found by slug or created, then its English translation."""
        found = {}
        original = model.objects.filter(locale=self.locales["fr"], slug=slug.fr).first()
        if original is None:
            original = model(locale=self.locales["fr"], slug=slug.fr, **self.localise(fields, "fr"))
            original.full_clean()
            original.save()
            self.created[SNIPPET_LABELS[model]] += 1
        found["fr"] = original
        translation = model.objects.filter(
            locale=self.locales["en"], translation_key=original.translation_key
        ).first()
        if translation is None:
            translation = original.copy_for_translation(self.locales["en"])
            translation.slug = slug.en
            for name, value in {**self.localise(fields, "en"), **(en_fields or {})}.items():
                setattr(translation, name, value)
            translation.full_clean()
            translation.save()
            self.created[SNIPPET_LABELS[model]] += 1
        found["en"] = translation
        return found

    def seed_snippets(self):
        territories = self.snippets["territory"] = {}
        for spec in content.TERRITORIES:
            parent = territories.get(spec.get("parent"))
            fields = {
                "name": spec["name"],
                "kind": spec["kind"],
                "code": spec["code"],
                "population": spec.get("population"),
                "lat": spec.get("lat"),
                "lon": spec.get("lon"),
                "description": spec["description"],
                "parent": parent["fr"] if parent else None,
            }
            en_fields = {"parent": parent["en"] if parent else None}
            territories[spec["slug"]] = self.snippet(
                Territory, T(spec["slug"], spec["slug"]), fields, en_fields
            )
        self.snippets["theme"] = {
            fr_slug: self.snippet(Theme, T(fr_slug, en_slug), {"name": name})
            for fr_slug, en_slug, name in content.THEMES
        }
        self.snippets["contributor"] = {
            spec["slug"]: self.snippet(
                Contributor,
                T(spec["slug"], spec["slug"]),
                {
                    "name": spec["name"],
                    "role": spec["role"],
                    "bio": spec["bio"],
                    "photo": self.images.get(spec["photo"]),
                    "links": [
                        ("link", {"label": label, "url": url}) for label, url in spec["links"]
                    ],
                },
            )
            for spec in content.CONTRIBUTORS
        }
        self.snippets["partner"] = {
            spec["slug"].fr: self.snippet(
                Partner,
                spec["slug"],
                {
                    "name": spec["name"],
                    "kind": spec["kind"],
                    "website": spec["website"],
                    "description": spec["description"],
                },
            )
            for spec in content.PARTNERS
        }

    # Pages -------------------------------------------------------------------------------

    def localise(self, value, language: str):
        """The value for one language, with every marker replaced by what it stands for."""
        if isinstance(value, T):
            return value[language]
        if isinstance(value, Rich):
            text = value.text[language]
            return RichText(text if text.lstrip().startswith("<") else f"<p>{text}</p>")
        if isinstance(value, ImageRef):
            return self.images[value.key]
        if isinstance(value, ImageCaption):
            return content.IMAGES[value.key]["caption"].en if language == "en" else ""
        if isinstance(value, DocumentRef):
            return self.documents.get((value.key, language)) or self.documents[value.key, "fr"]
        if isinstance(value, StoryRef):
            return self.pages["stories", value.key][language]
        if isinstance(value, dict):
            return {name: self.localise(item, language) for name, item in value.items()}
        if isinstance(value, list | tuple):
            return type(value)(self.localise(item, language) for item in value)
        return value

    def page(self, kind: str, key: str, model, parents: dict, slug: T, fill) -> dict:
        """Find or create the French page and its English translation, both published.

        `fill(page, language)` sets every field and child relation for that language.
        """
        found = {}
        original = model.objects.child_of(parents["fr"]).filter(slug=slug.fr).first()
        if original is None:
            original = model(slug=slug.fr, locale=self.locales["fr"])
            fill(original, "fr")
            parents["fr"].add_child(instance=original)
            self.publish(original)
            self.created[kind] += 1
        found["fr"] = original
        translation = model.objects.filter(
            locale=self.locales["en"], translation_key=original.translation_key
        ).first()
        if translation is None:
            # What Page.copy_for_translation does, but with the English slug from the start:
            # renaming the copy afterwards would leave automatic redirects behind.
            translation = original.copy(
                to=parents["en"],
                update_attrs={"locale": self.locales["en"], "slug": slug.en},
                copy_revisions=False,
                keep_live=False,
                reset_translation_key=False,
                log_action="wagtail.copy_for_translation",
            )
            fill(translation, "en")
            translation.save()
            self.publish(translation)
            self.created[kind] += 1
        found["en"] = translation
        self.pages[kind, key] = found
        return found

    def publish(self, page):
        if isinstance(page, StoryPage):
            page.body.stream_block.clean(page.body)  # the editor's validation, e.g. alt text
        page.save_revision().publish()
        if isinstance(page, StoryPage):
            # The reader sees published_at; keep Wagtail's own dates consistent with it.
            Page.objects.filter(pk=page.pk).update(
                first_published_at=page.published_at, last_published_at=page.published_at
            )

    def fill_series(self, spec):
        def fill(page, language):
            snippets = self.snippets
            page.title = page.draft_title = spec["title"][language]
            page.strapline = spec["strapline"][language]
            page.intro = spec["intro"][language]
            page.methodology = spec["methodology"][language]
            page.cover_image = self.images[spec["cover_image"]]
            page.kind = spec["kind"]
            territory = spec["territory"]
            page.territory = snippets["territory"][territory][language] if territory else None
            if "starts_in_days" in spec:
                # A translation keeps the date its original got (copied with the page).
                if page.started_on is None:
                    start = timezone.localdate() + datetime.timedelta(days=spec["starts_in_days"])
                    page.started_on = start + datetime.timedelta(days=-start.weekday() % 7)
            else:
                page.started_on = spec["started_on"]
            page.ended_on = spec["ended_on"]
            page.themes = [snippets["theme"][slug][language] for slug in spec["themes"]]
            page.journalists = [
                SeriesJournalist(contributor=snippets["contributor"][slug][language])
                for slug in spec["journalists"]
            ]
            links = [
                SeriesPartner(
                    partner=snippets["partner"][slug][language],
                    role=role,
                    funding_disclosure=disclosure[language],
                )
                for slug, role, disclosure in spec["partners"]
            ]
            for link in links:
                link.full_clean(exclude=["page"])
            page.partners = links

        return fill

    def fill_story(self, spec):
        def fill(page, language):
            snippets = self.snippets
            page.title = page.draft_title = spec["title"][language]
            page.subtitle = spec["subtitle"][language]
            page.published_at = spec["published_at"]
            page.lead_image = self.images[spec["lead_image"]]
            if language == "en":
                page.lead_image_caption = content.IMAGES[spec["lead_image"]]["caption"].en
                page.lead_image_credit = ENGLISH_CREDIT
            territory = spec["territory"]
            page.territory = snippets["territory"][territory][language] if territory else None
            page.themes = [snippets["theme"][slug][language] for slug in spec["themes"]]
            page.tags.set([tag[language] for tag in spec["tags"]])
            page.licence = spec["licence"]
            page.syndication = spec["syndication"]
            page.syndication_partners = [
                snippets["partner"][slug][language] for slug in spec.get("syndication_partners", [])
            ]
            page.authors = [
                StoryAuthor(contributor=snippets["contributor"][slug][language], role=role)
                for slug, role in spec["authors"]
            ]
            page.corrections = [
                StoryCorrection(corrected_on=day, text=text[language])
                for day, text in spec.get("corrections", [])
            ]
            page.body = self.localise(spec["body"], language)

        return fill

    def seed_pages(self):
        by_locale = {
            model: {code: model.objects.get(locale=locale) for code, locale in self.locales.items()}
            for model in (HomePage, SeriesIndexPage, StoryIndexPage)
        }
        intros = {
            HomePage: content.HOME_INTRO,
            SeriesIndexPage: content.SERIES_INDEX_INTRO,
            StoryIndexPage: content.STORY_INDEX_INTRO,
        }
        for model, intro in intros.items():
            for language, page in by_locale[model].items():
                if not page.intro:
                    page.intro = intro[language]
                    page.save_revision().publish()

        for series_spec, episodes in content.SERIES:
            series = self.page(
                "series",
                series_spec["key"],
                SeriesPage,
                by_locale[SeriesIndexPage],
                series_spec["slug"],
                self.fill_series(series_spec),
            )
            for episode in episodes:
                self.page(
                    "stories",
                    episode["key"],
                    StoryPage,
                    series,
                    episode["slug"],
                    self.fill_story(episode),
                )
        for story in content.STANDALONE_STORIES:
            self.page(
                "stories",
                story["key"],
                StoryPage,
                by_locale[StoryIndexPage],
                story["slug"],
                self.fill_story(story),
            )

        for language, home in by_locale[HomePage].items():
            if home.featured_series.exists() or home.featured_stories.exists():
                continue  # the editors' choice, once made, is theirs
            home.featured_series = [
                HomeFeaturedSeries(series=self.pages["series", key][language])
                for key in content.FEATURED_SERIES
            ]
            home.featured_stories = [
                HomeFeaturedStory(story=self.pages["stories", key][language])
                for key in content.FEATURED_STORIES
            ]
            home.save_revision().publish()

    def run(self):
        self.seed_files()
        self.seed_snippets()
        self.seed_pages()

    def summary(self) -> str:
        if not self.created:
            return "Demo content already seeded: nothing to do."
        made = ", ".join(f"{name} {count}" for name, count in self.created.items())
        return f"Demo content seeded (French and English rows together): {made}."


class Command(BaseCommand):
    help = (
        "Create the bilingual demo content (series, stories, territories, partners, media). "
        "Idempotent: a second run finds everything and changes nothing."
    )

    def handle(self, *args, **options):
        # Wagtail logs every edit and publish at INFO: a hundred lines that would bury the
        # one-line summary `make run` shows.
        wagtail_log = logging.getLogger("wagtail")
        level = wagtail_log.level
        wagtail_log.setLevel(logging.WARNING)
        try:
            seeder = DemoSeeder()
            with transaction.atomic():
                seeder.run()
        finally:
            wagtail_log.setLevel(level)
        self.stdout.write(seeder.summary())
