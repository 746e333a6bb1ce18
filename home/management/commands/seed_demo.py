"""`manage.py seed_demo`: the bilingual demo newsroom, created once, found again afterwards.

Every object is looked up by a natural key before it is made (images and documents by title,
snippets by slug and locale, pages by slug under their parent, translations by
translation_key), so a second run finds everything and writes nothing.

French is the source language. Every English page and snippet is made the way an editor's
"Translate" makes it: a wagtail-localize translation of its French source (TranslationSource +
Translation), whose English text is stored as string translations of the French segments.
So "Sync translated pages" and the translation editor work on the demo as on new content, and
translating a story later never takes an English snippet over with French text.
"""

import datetime
import io
import json
import logging
from collections import Counter, defaultdict

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from wagtail.blocks import StreamValue
from wagtail.documents import get_document_model
from wagtail.fields import StreamField
from wagtail.models import Collection, Locale, Page
from wagtail.rich_text import RichText
from wagtail_localize.models import (
    OverridableSegment,
    SegmentOverride,
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.segments import OverridableSegmentValue, StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

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

CREDITS = {"fr": DRAWN_CREDIT, "en": "Generated illustration — demo"}
SNIPPET_LABELS = {
    Territory: "territories",
    Theme: "themes",
    Contributor: "contributors",
    Partner: "partners",
}


def _fields(item) -> dict:
    """An inline row's own values, to recreate it on another page."""
    return {
        field.attname: getattr(item, field.attname)
        for field in item._meta.concrete_fields
        if field.name not in {"id", "page"}
    }


def _copy_ids(source, target):
    """Copy block ids from one raw stream value to another of the same shape."""
    if isinstance(source, dict) and isinstance(target, dict):
        if "type" in source and "id" in source and "id" in target:
            target["id"] = source["id"]
        for name in source.keys() & target.keys() - {"id", "type"}:
            _copy_ids(source[name], target[name])
    elif isinstance(source, list) and isinstance(target, list):
        for source_item, target_item in zip(source, target, strict=False):
            _copy_ids(source_item, target_item)


class DemoSeeder:
    def __init__(self):
        self.locales = {code: Locale.objects.get(language_code=code) for code in content.LANGUAGES}
        self.created = Counter()
        self.images = {}
        self.documents = {}
        self.snippets = {}
        self.pages = {}
        # What the English translations could not say as the demo says it: always empty
        # unless the demo content is changed so that French and English differ in shape.
        self.problems = []

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

    # Translations ------------------------------------------------------------------------

    def is_translated(self, original) -> bool:
        """Whether `original` already has its English row made by wagtail-localize."""
        return Translation.objects.filter(
            source__object_id=original.translation_key,
            source__locale=original.locale_id,
            target_locale=self.locales["en"],
            enabled=True,
        ).exists()

    def translate(self, original, english):
        """Make `original`'s English row a wagtail-localize translation reading like `english`.

        `english` is an unsaved instance holding the English values. Each of its segments is
        paired with the French segment at the same content path and stored as that segment's
        string translation (or, for an image, document or page that differs, as an override);
        then wagtail-localize writes the English row from the French source, exactly as the
        admin's "Sync translated pages" will. An existing English row is taken over in place.
        Pages are saved as a draft revision: the caller publishes them once their relations
        are set.
        """
        english_locale = self.locales["en"]
        source, _ = TranslationSource.update_or_create_from_instance(original)
        wanted_strings, wanted_overrides = self.segment_values(english)

        by_path = defaultdict(list)
        for segment in (
            StringSegment.objects.filter(source=source)
            .select_related("string", "context")
            .order_by("order")
        ):
            by_path[segment.context.path].append(segment)
        for path, segments in by_path.items():
            texts = wanted_strings.pop(path, [])
            if len(texts) != len(segments):
                self.problems.append(f"{original!r} {path}: {len(texts)} English strings")
                continue
            for segment, text in zip(segments, texts, strict=True):
                StringTranslation.objects.update_or_create(
                    translation_of=segment.string,
                    locale=english_locale,
                    context=segment.context,
                    defaults={"data": text, "translation_type": "manual", "has_error": False},
                )
        self.problems.extend(f"{original!r} {path}: not in French" for path in wanted_strings)

        for segment in OverridableSegment.objects.filter(source=source).select_related("context"):
            path = segment.context.path
            if path in wanted_overrides and wanted_overrides[path] != segment.data:
                SegmentOverride.objects.update_or_create(
                    locale=english_locale,
                    context=segment.context,
                    defaults={
                        "data_json": json.dumps(wanted_overrides[path], cls=DjangoJSONEncoder)
                    },
                )

        translation, _ = Translation.objects.update_or_create(
            source=source, target_locale=english_locale, defaults={"enabled": True}
        )
        translation.save_target(publish=not isinstance(original, Page))
        made = type(original).objects.get(
            translation_key=original.translation_key, locale=english_locale
        )
        if self.segment_values(made) != self.segment_values(english):
            self.problems.append(f"{original!r}: the English translation differs from the demo")
        return made

    @staticmethod
    def segment_values(instance) -> tuple[dict, dict]:
        """The strings (by content path, in order) and overridable values of an instance."""
        strings, overrides = defaultdict(list), {}
        for segment in extract_segments(instance):
            if isinstance(segment, StringSegmentValue):
                strings[segment.path].append(segment.string.data)
            elif isinstance(segment, OverridableSegmentValue):
                overrides[segment.path] = json.loads(
                    json.dumps(segment.data, cls=DjangoJSONEncoder)
                )
        return dict(strings), overrides

    @staticmethod
    def align_block_ids(original, english):
        """Give `english`'s StreamField blocks the ids of `original`'s.

        wagtail-localize addresses a block's text by the block's id: the English text only
        pairs with the French if both streams use the same ids, as a translation's do.
        """
        for field in type(original)._meta.get_fields():
            if not isinstance(field, StreamField):
                continue
            block = field.stream_block
            french = block.get_prep_value(getattr(original, field.name))
            raw = block.get_prep_value(getattr(english, field.name))
            _copy_ids(french, raw)
            setattr(english, field.name, StreamValue(block, raw, is_lazy=True))

    # Snippets ----------------------------------------------------------------------------

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
        if translation is None or not self.is_translated(original):
            english = model(
                locale=self.locales["en"],
                translation_key=original.translation_key,
                slug=slug.en,
                **{**self.localise(fields, "en"), **(en_fields or {})},
            )
            self.align_block_ids(model.objects.get(pk=original.pk), english)
            self.created[
                SNIPPET_LABELS[model] if translation is None else "translations linked"
            ] += 1
            translation = self.translate(original, english)
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
            return content.IMAGES[value.key]["caption"][language]
        if isinstance(value, DocumentRef):
            return self.documents.get((value.key, language)) or self.documents[value.key, "fr"]
        if isinstance(value, StoryRef):
            return self.pages["stories", value.key][language]
        if isinstance(value, dict):
            return {name: self.localise(item, language) for name, item in value.items()}
        if isinstance(value, list | tuple):
            return type(value)(self.localise(item, language) for item in value)
        return value

    def page(self, kind: str, key: str, model, parents: dict, slug: T, fill, relate) -> dict:
        """Find or create the French page and its English translation, both published.

        `fill(page, language)` sets every field and child relation for that language;
        `relate(page, language)` only the relations wagtail-localize copies from the French
        page as they are (authors, partners, corrections, tags…), which the English page
        needs in English.
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
        if translation is None or not self.is_translated(original):
            if translation is None:
                # What wagtail-localize's copy_for_translation does, but with the English
                # slug from the start: translating then renames nothing, so no automatic
                # redirect from the French slug is left behind.
                original.copy(
                    to=parents["en"],
                    update_attrs={"locale": self.locales["en"], "slug": slug.en},
                    copy_revisions=False,
                    keep_live=False,
                    reset_translation_key=False,
                    log_action="wagtail.copy_for_translation",
                )
                self.created[kind] += 1
            else:
                self.created["translations linked"] += 1
            english = model(slug=slug.en, locale=self.locales["en"])
            fill(english, "en")
            self.align_block_ids(model.objects.get(pk=original.pk), english)
            translation = self.translate(original, english)
            relate(translation, "en")
            if original.live:
                self.publish(translation)
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
                start = timezone.localdate() + datetime.timedelta(days=spec["starts_in_days"])
                page.started_on = start + datetime.timedelta(days=-start.weekday() % 7)
            else:
                page.started_on = spec["started_on"]
            page.ended_on = spec["ended_on"]
            relate(page, language)

        def relate(page, language):
            snippets = self.snippets
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

        return fill, relate

    def fill_story(self, spec):
        def fill(page, language):
            snippets = self.snippets
            page.title = page.draft_title = spec["title"][language]
            page.subtitle = spec["subtitle"][language]
            page.published_at = spec["published_at"]
            page.lead_image = self.images[spec["lead_image"]]
            # Written out in French too (the image's own caption and credit, which an empty
            # field would show anyway): wagtail-localize treats an empty French field as
            # cleared and would clear the English one on every sync.
            page.lead_image_caption = content.IMAGES[spec["lead_image"]]["caption"][language]
            page.lead_image_credit = CREDITS[language]
            territory = spec["territory"]
            page.territory = snippets["territory"][territory][language] if territory else None
            page.licence = spec["licence"]
            page.syndication = spec["syndication"]
            page.body = self.localise(spec["body"], language)
            relate(page, language)

        def relate(page, language):
            snippets = self.snippets
            page.themes = [snippets["theme"][slug][language] for slug in spec["themes"]]
            page.tags.set([tag[language] for tag in spec["tags"]])
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

        return fill, relate

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
            original, translation = by_locale[model]["fr"], by_locale[model]["en"]
            if not original.intro:
                original.intro = intro.fr
                self.publish(original)
            if not self.is_translated(original):
                # The migration made both trees' roots with one translation_key: make the
                # English one a wagtail-localize translation, keeping its title and slug.
                english = model(
                    title=translation.title,
                    slug=translation.slug,
                    intro=intro.en,
                    locale=self.locales["en"],
                )
                featured = {
                    name: list(getattr(translation, name).all())
                    for name in ("featured_series", "featured_stories")
                    if model is HomePage
                }
                translation = self.translate(original, english)
                for name, items in featured.items():  # the English editors' own choice
                    setattr(translation, name, [type(item)(**_fields(item)) for item in items])
                self.publish(translation)
                by_locale[model]["en"] = translation
                self.created["translations linked"] += 1

        for series_spec, episodes in content.SERIES:
            series = self.page(
                "series",
                series_spec["key"],
                SeriesPage,
                by_locale[SeriesIndexPage],
                series_spec["slug"],
                *self.fill_series(series_spec),
            )
            for episode in episodes:
                self.page(
                    "stories",
                    episode["key"],
                    StoryPage,
                    series,
                    episode["slug"],
                    *self.fill_story(episode),
                )
        for story in content.STANDALONE_STORIES:
            self.page(
                "stories",
                story["key"],
                StoryPage,
                by_locale[StoryIndexPage],
                story["slug"],
                *self.fill_story(story),
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
        for problem in seeder.problems:
            self.stderr.write(f"English translation not as written in the demo: {problem}")
        self.stdout.write(seeder.summary())
