import secrets

from django.db import migrations, models
from django.db.models import Min, Q
from django.utils import timezone


def first_row(apps, schema_editor):
    """The row exists from the start, with the next scheduled go-live or expiry as boundary."""
    Page = apps.get_model("wagtailcore", "Page")
    now = timezone.now()
    found = Page.objects.aggregate(
        go=Min("go_live_at", filter=Q(go_live_at__gt=now)),
        ex=Min("expire_at", filter=Q(expire_at__gt=now)),
    )
    moments = [m for m in found.values() if m is not None]
    ContentVersion = apps.get_model("api", "ContentVersion")
    ContentVersion.objects.create(
        pk=1, version=secrets.randbits(62), boundary=min(moments) if moments else None
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [("wagtailcore", "0098_apitoken")]

    operations = [
        migrations.CreateModel(
            name="ContentVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("version", models.BigIntegerField(default=1)),
                ("boundary", models.DateTimeField(blank=True, null=True)),
            ],
        ),
        migrations.RunPython(first_row, migrations.RunPython.noop),
    ]
