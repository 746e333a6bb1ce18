from django.db import migrations, models


def everyone_heard_existing_rows(apps, schema_editor):
    # Rows written before the audience was recorded: keep announcing their withdrawal to
    # every key whose series and language cover them, as before.
    StoryFeedState = apps.get_model("series", "StoryFeedState")
    StoryFeedState.objects.filter(ever_syndicable=True).update(audience=["*"])


class Migration(migrations.Migration):
    dependencies = [
        ("series", "0008_story_feed_state_previous_path"),
    ]

    operations = [
        migrations.AddField(
            model_name="storyfeedstate",
            name="audience",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.RunPython(everyone_heard_existing_rows, migrations.RunPython.noop),
    ]
