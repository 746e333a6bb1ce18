"""Give a fresh database its two locale trees: a home page, a series index and a story index
in French and in English, linked as translations, and the default Site on the French home."""

import uuid

from django.db import migrations

TREES = {
    "fr": {"home": ("Terrain", "accueil"), "series": ("Séries", "series"), "stories": ("Récits", "recits")},
    "en": {"home": ("Terrain", "home"), "series": ("Series", "series"), "stories": ("Stories", "stories")},
}


def create_trees(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    models = {
        "home": apps.get_model("home.HomePage"),
        "series": apps.get_model("series.SeriesIndexPage"),
        "stories": apps.get_model("stories.StoryIndexPage"),
    }
    if models["home"].objects.exists():
        return

    # Wagtail's placeholder "Welcome" page takes the place the French home must have.
    Page.objects.filter(depth=2, content_type__app_label="wagtailcore").delete()
    fr, _ = Locale.objects.get_or_create(language_code="fr")
    en, _ = Locale.objects.get_or_create(language_code="en")
    keys = {name: uuid.uuid4() for name in models}

    for locale_index, (locale, code) in enumerate(((fr, "fr"), (en, "en")), start=1):
        home_title, home_slug = TREES[code]["home"]
        home_path = f"0001{locale_index:04d}"
        home = models["home"].objects.create(
            title=home_title,
            draft_title=home_title,
            slug=home_slug,
            content_type=ContentType.objects.get_for_model(models["home"]),
            path=home_path,
            depth=2,
            numchild=2,
            url_path=f"/{home_slug}/",
            locale=locale,
            translation_key=keys["home"],
            live=True,
        )
        for child_index, name in enumerate(("series", "stories"), start=1):
            title, slug = TREES[code][name]
            models[name].objects.create(
                title=title,
                draft_title=title,
                slug=slug,
                content_type=ContentType.objects.get_for_model(models[name]),
                path=f"{home_path}{child_index:04d}",
                depth=3,
                numchild=0,
                url_path=f"/{home_slug}/{slug}/",
                locale=locale,
                translation_key=keys[name],
                live=True,
            )
        if code == "fr":
            Site.objects.all().delete()
            Site.objects.create(
                hostname="localhost", port=80, root_page_id=home.pk, is_default_site=True,
                site_name="Terrain",
            )
    Page.objects.filter(depth=1).update(numchild=2)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("series", "0002_initial"),
        ("stories", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_trees, migrations.RunPython.noop)]
