"""The newsroom's roles, as a French-first admin names them, with permissions that hold.

- Groups, workflow and task get French names: "Journalistes", "Éditeurs",
  "Relecture éditoriale", "Validation des éditeurs".
- Images: Wagtail checks image permissions on `wagtailimages.Image` (its permission policy's
  auth model), not on the custom image model, so the grants on `stories.TerrainImage` made by
  0003 never let a journalist upload. Images carry no reader-side privacy in Wagtail (their
  files and renditions are public URLs), so journalists add, change and choose them everywhere.
- Documents: a grant on the root collection cascades into every collection, including those
  restricted to editors, and `change` lets its holder move a document out of one. Journalists
  now hold document permissions only on the "Rédaction" collection made here; editors keep
  them on the root collection.
- Contributors: journalists add and edit contributor profiles (their own byline).
Page-level rules (journalists edit stories only, not series, home or index pages) are
enforced by home/wagtail_hooks.py, since Wagtail page permissions cascade down the tree.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAMES = [("Journalists", "Journalistes"), ("Editors", "Éditeurs")]
WORKFLOW_NAMES = [("Editorial review", "Relecture éditoriale")]
TASK_NAMES = [("Editors' approval", "Validation des éditeurs")]
NEWSROOM_COLLECTION = "Rédaction"


def permission(apps, app_label, codename):
    Permission = apps.get_model("auth.Permission")
    try:
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)
    except Permission.DoesNotExist:
        raise LookupError(f"{app_label}.{codename}") from None


def rename(model, pairs, reverse=False):
    for old, new in pairs:
        if reverse:
            old, new = new, old
        if not model.objects.filter(name=new).exists():
            model.objects.filter(name=old).update(name=new)


def newsroom_collection(apps):
    Collection = apps.get_model("wagtailcore.Collection")
    root = Collection.objects.get(depth=1)
    existing = Collection.objects.filter(depth=2, name=NEWSROOM_COLLECTION).first()
    if existing:
        return root, existing
    # Treebeard's API is not available on historical models: append a child by hand.
    last = Collection.objects.filter(depth=2).order_by("-path").first()
    step = 4  # treebeard's default steplen for Wagtail collections
    number = int(last.path[-step:], 36) + 1 if last else 1
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    suffix = ""
    while number:
        number, rest = divmod(number, 36)
        suffix = digits[rest] + suffix
    collection = Collection.objects.create(
        name=NEWSROOM_COLLECTION, path=root.path + suffix.rjust(step, "0"), depth=2, numchild=0
    )
    Collection.objects.filter(pk=root.pk).update(numchild=root.numchild + 1)
    return root, collection


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth.Group")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    rename(Group, GROUP_NAMES)
    rename(apps.get_model("wagtailcore.Workflow"), WORKFLOW_NAMES)
    rename(apps.get_model("wagtailcore.Task"), TASK_NAMES)

    journalists, _ = Group.objects.get_or_create(name="Journalistes")
    editors, _ = Group.objects.get_or_create(name="Éditeurs")
    root, newsroom = newsroom_collection(apps)

    # Start the collection grants of both groups afresh: images, documents.
    GroupCollectionPermission.objects.filter(
        group__in=[journalists, editors],
        permission__content_type__app_label__in=["stories", "wagtailimages", "wagtaildocs"],
    ).delete()
    grants = [
        (journalists, root, "wagtailimages", "image", ["add", "change", "choose"]),
        (journalists, newsroom, "wagtaildocs", "document", ["add", "change", "choose"]),
        (editors, root, "wagtailimages", "image", ["add", "change", "choose", "delete"]),
        (editors, root, "wagtaildocs", "document", ["add", "change", "choose", "delete"]),
    ]
    for group, collection, app_label, model, actions in grants:
        for action in actions:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=collection,
                permission=permission(apps, app_label, f"{action}_{model}"),
            )

    for action in ("add", "change", "view"):
        journalists.permissions.add(permission(apps, "stories", f"{action}_contributor"))


def backwards(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    rename(Group, GROUP_NAMES, reverse=True)
    rename(apps.get_model("wagtailcore.Workflow"), WORKFLOW_NAMES, reverse=True)
    rename(apps.get_model("wagtailcore.Task"), TASK_NAMES, reverse=True)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_editorial_workflow"),
        # Runs after series' grants to "Editors" so that they follow the rename.
        ("series", "0008_story_feed_state_previous_path"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
