from django.db import migrations

# visible() asks, on every public API request, which pages with children are unpublished or
# scheduled: without this index that reads the whole page table (every story), with it only
# the few pages that have children (home, indexes, series). Both SQLite and PostgreSQL take
# partial indexes with the same statement.
CREATE = (
    "CREATE INDEX IF NOT EXISTS stories_page_with_children "
    "ON wagtailcore_page (numchild) WHERE numchild > 0"
)
DROP = "DROP INDEX IF EXISTS stories_page_with_children"


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0005_image_alt_text_translations"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunSQL(CREATE, DROP)]
