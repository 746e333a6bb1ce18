import os
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, storages
from django.core.management.base import BaseCommand, CommandError

from tqdm import tqdm


class Command(BaseCommand):
    help = (
        "Copy the media files of a local folder (MEDIA_ROOT by default: original images, "
        "renditions, documents) into the configured bucket, under the same names, so the "
        "database rows keep pointing at them. Safe to re-run: a file already in the bucket "
        "with the same size is skipped. Run it with AWS_STORAGE_BUCKET_NAME and friends set."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--source", default=None, help="Folder to copy from (default: MEDIA_ROOT)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Say what would be copied.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, source=None, dry_run=False, no_progress=False, **options):
        source_root = Path(source or settings.MEDIA_ROOT)
        if not source_root.is_dir():
            raise CommandError(f"{source_root} is not a folder.")
        target = storages["default"]
        if isinstance(target, FileSystemStorage):
            raise CommandError(
                "The default storage is the local disk: set AWS_STORAGE_BUCKET_NAME (and the "
                "endpoint, region and credentials) so media go to the bucket, then re-run."
            )

        names = sorted(
            path.relative_to(source_root).as_posix()
            for path in source_root.rglob("*")
            if path.is_file()
        )
        existing = self._sizes_in_bucket(target)
        copied = skipped = 0
        for name in tqdm(
            names, unit="file", desc="media → bucket", file=self.stderr._out, disable=no_progress
        ):
            local = source_root / name
            size = os.path.getsize(local)
            in_bucket = existing.get(name) if existing is not None else self._size_of(target, name)
            if in_bucket == size:
                skipped += 1
                continue
            if dry_run:
                self.stdout.write(f"would copy {name}")
                copied += 1
                continue
            if in_bucket is not None:
                # Same name, other content (an interrupted upload): replace it, keeping the name
                # the database refers to; the storage would otherwise save under a new name.
                target.delete(name)
            with local.open("rb") as handle:
                saved = target.save(name, File(handle))
            if saved != name:
                raise CommandError(f"{name} was stored as {saved}: stopping to keep names intact.")
            copied += 1
        verb = "would copy" if dry_run else "copied"
        self.stdout.write(
            f"{verb} {copied} file(s), skipped {skipped} already in the bucket "
            f"(of {len(names)} under {source_root})."
        )

    @staticmethod
    def _sizes_in_bucket(storage) -> dict[str, int] | None:
        """Every object's size in one listing (one request per 1,000 objects, not one per file)."""
        bucket = getattr(storage, "bucket", None)
        if bucket is None:
            return None
        prefix = storage.location.strip("/")
        sizes = {}
        for summary in bucket.objects.filter(Prefix=f"{prefix}/" if prefix else ""):
            key = summary.key[len(prefix) + 1 :] if prefix else summary.key
            sizes[key] = summary.size
        return sizes

    @staticmethod
    def _size_of(storage, name: str) -> int | None:
        return storage.size(name) if storage.exists(name) else None
