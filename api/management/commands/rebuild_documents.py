from django.core.management.base import BaseCommand

from api.models import PublishedDocument
from api.read_model.changes import raise_stamp
from api.read_model.kinds import RENDERERS, public_ids
from api.read_model.store import forget, refresh

BAR = 30


class Command(BaseCommand):
    help = (
        "Render the API read model's documents of every public object and store them; forget "
        "those of objects no longer public. Idempotent and safe while serving: a document "
        "whose content did not change keeps its version (and its ETag). Run it after a deploy "
        "that changes a representation, or to check the stored documents are whole."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=100)

    def handle(self, *args, batch_size: int, **options):
        # Content changed behind the CMS's back (this command's other use) changes what
        # lists count too.
        raise_stamp()
        for kind in RENDERERS:
            ids = public_ids(kind)
            orphans = set(
                PublishedDocument.objects.filter(kind=kind)
                .exclude(object_id__in=ids)
                .values_list("object_id", flat=True)
            )
            if orphans:
                forget(kind, orphans)
            for start in range(0, len(ids), batch_size):
                refresh(kind, ids[start : start + batch_size])
                self._progress(kind, min(start + batch_size, len(ids)), len(ids))
            self.stdout.write(
                self.style.SUCCESS(f"{kind}: {len(ids)} rendered, {len(orphans)} forgotten")
            )

    def _progress(self, kind: str, done: int, total: int):
        filled = BAR * done // total
        self.stdout.write(f"{kind} [{'#' * filled}{'.' * (BAR - filled)}] {done}/{total}")
