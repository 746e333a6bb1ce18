from django.core.management.base import BaseCommand

from tqdm import tqdm

from stories.models import TerrainImage
from stories.tasks import generate_renditions_now


class Command(BaseCommand):
    help = (
        "Make every rendition the API and reader site use (stories.models.RENDITION_SPECS) for "
        "every image, now, in this process. Safe to re-run: existing renditions are kept, "
        "only missing ones are made. Use it after changing RENDITION_SPECS or moving media."
    )

    def add_arguments(self, parser):
        parser.add_argument("--ids", nargs="+", type=int, help="Only these image ids.")
        parser.add_argument(
            "--no-progress", action="store_true", help="No progress bar (e.g. in cron logs)."
        )

    def handle(self, *args, ids=None, no_progress=False, **options):
        images = TerrainImage.objects.order_by("pk").prefetch_related("renditions")
        if ids:
            images = images.filter(pk__in=ids)
        failed = []
        seen = 0
        bar = tqdm(
            images.iterator(chunk_size=100),
            total=images.count(),
            unit="image",
            desc="renditions",
            file=self.stderr._out,
            disable=no_progress,
        )
        for image in bar:
            seen += 1
            try:
                generate_renditions_now(image)
            except Exception as error:  # one unreadable original must not stop the run
                failed.append(image.pk)
                self.stderr.write(f"image {image.pk} ({image.file.name}): {error}")
        done = seen - len(failed)
        self.stdout.write(f"{done} image(s) have all their renditions; {len(failed)} failed.")
        if failed:
            self.stdout.write("Failed ids: " + " ".join(map(str, failed)))
