"""Stories published before the change log existed get their row, so `?since=` sees them."""

from django.db import migrations


def backfill(apps, schema_editor):
    StoryPage = apps.get_model("stories", "StoryPage")
    StoryFeedState = apps.get_model("series", "StoryFeedState")
    known = set(StoryFeedState.objects.values_list("page_id", flat=True))
    rows = [
        StoryFeedState(
            page_id=page.pk,
            translation_key=page.translation_key,
            locale_id=page.locale_id,
            changed_at=page.last_published_at,
            withdrawn=False,
            first_created=page.first_published_at,
            path=page.path,
            ever_syndicable=page.syndication != "none",
        )
        for page in StoryPage.objects.filter(live=True, last_published_at__isnull=False)
        if page.pk not in known
    ]
    StoryFeedState.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("series", "0006_webhook_delivery_lease"),
        ("stories", "0001_initial"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
