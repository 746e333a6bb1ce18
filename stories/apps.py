from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "stories"

    def ready(self):
        from django.db.models.signals import post_save, pre_save

        from wagtail.signals import page_published

        from . import signal_handlers, text
        from .models import TerrainImage

        post_save.connect(
            signal_handlers.image_saved, sender=TerrainImage, dispatch_uid="stories-renditions"
        )
        # No sender: every page type (stories, series, home) shows images.
        page_published.connect(
            signal_handlers.page_published, dispatch_uid="stories-page-renditions"
        )
        # No sender: titles, names and captions of every content model (text.CONTENT_APPS).
        pre_save.connect(text.clean_single_line_fields, dispatch_uid="stories-clean-lines")
