"""Editors manage partner access: keys, webhook endpoints, and the delivery log (retry)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "partnerapikey": ["add", "change", "delete", "view"],
    "webhookendpoint": ["add", "change", "delete", "view"],
    "webhookdelivery": ["change", "view"],
}


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    editors = Group.objects.filter(name="Editors").first()
    if editors is None:
        return
    for model, actions in GRANTS.items():
        for action in actions:
            editors.permissions.add(
                Permission.objects.get(
                    content_type__app_label="series", codename=f"{action}_{model}"
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("series", "0004_story_feed_state_scope"),
        ("home", "0003_editorial_workflow"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
