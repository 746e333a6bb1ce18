from django.db import migrations, models


def first_stamp(apps, schema_editor):
    apps.get_model("api", "PublicationStamp").objects.get_or_create(pk=1)


# The next go_live_at or expire_at after now is read with every public request
# (api.visibility.instant): two small partial indexes make it a seek, not a scan of every page.
# (Wagtail's own table: a future Wagtail migration that rebuilds it on SQLite would drop them,
# which costs speed, not correctness.)
BOUNDARY_INDEXES = [
    migrations.RunSQL(
        f"CREATE INDEX IF NOT EXISTS terrain_page_{column} ON wagtailcore_page ({column}) "
        f"WHERE {column} IS NOT NULL",
        f"DROP INDEX IF EXISTS terrain_page_{column}",
    )
    for column in ("go_live_at", "expire_at")
]


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0003_drop_content_version"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="PublicationStamp",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("value", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(first_stamp, migrations.RunPython.noop),
        *BOUNDARY_INDEXES,
    ]
