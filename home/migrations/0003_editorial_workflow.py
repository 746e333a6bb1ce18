"""Journalists write and submit, Editors publish: the groups, their permissions and the
"Editorial review" workflow on both locale trees, so every fresh database has them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SNIPPETS = [("stories", "territory"), ("stories", "theme"), ("stories", "contributor"),
            ("series", "partner")]


def permission(apps, app_label, codename):
    Permission = apps.get_model("auth.Permission")
    try:
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)
    except Permission.DoesNotExist:
        raise LookupError(f"{app_label}.{codename}") from None


def create_workflow(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    Page = apps.get_model("wagtailcore.Page")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    HomePage = apps.get_model("home.HomePage")

    # Wagtail's own starter groups and their workflow would compete with ours.
    Workflow.objects.filter(name="Moderators approval").delete()
    GroupApprovalTask.objects.filter(name="Moderators approval").delete()
    Group.objects.filter(name="Moderators").delete()

    journalists, _ = Group.objects.get_or_create(name="Journalists")
    editors, _ = Group.objects.get_or_create(name="Editors")
    root = Page.objects.get(depth=1)
    root_collection = Collection.objects.get(depth=1)

    GroupPagePermission.objects.filter(group__in=[journalists, editors]).delete()
    for group, codenames in (
        (journalists, ["add_page", "change_page"]),
        (editors, ["add_page", "change_page", "publish_page", "lock_page", "unlock_page",
                   "bulk_delete_page"]),
    ):
        for codename in codenames:
            GroupPagePermission.objects.create(
                group=group, page=root, permission=permission(apps, "wagtailcore", codename)
            )

    for group, actions in ((journalists, ["add", "change", "choose"]),
                           (editors, ["add", "change", "choose", "delete"])):
        for app_label, model in (("stories", "terrainimage"), ("wagtaildocs", "document")):
            for action in actions:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection,
                    permission=permission(apps, app_label, f"{action}_{model}"),
                )

    access_admin = permission(apps, "wagtailadmin", "access_admin")
    submit_translation = permission(apps, "wagtail_localize", "submit_translation")
    journalists.permissions.add(access_admin, submit_translation)
    editors.permissions.add(access_admin, submit_translation)
    for app_label, model in SNIPPETS:
        journalists.permissions.add(permission(apps, app_label, f"view_{model}"))
        for action in ("add", "change", "delete", "view"):
            editors.permissions.add(permission(apps, app_label, f"{action}_{model}"))

    task, _ = GroupApprovalTask.objects.get_or_create(
        name="Editors' approval",
        defaults={
            "content_type": ContentType.objects.get_or_create(
                app_label="wagtailcore", model="groupapprovaltask"
            )[0],
            "active": True,
        },
    )
    task.groups.set([editors])
    workflow, _ = Workflow.objects.get_or_create(name="Editorial review", defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for home in HomePage.objects.all():
        WorkflowPage.objects.update_or_create(page_id=home.pk, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_locale_trees"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0006_formstate"),
    ]

    operations = [migrations.RunPython(create_workflow, migrations.RunPython.noop)]
