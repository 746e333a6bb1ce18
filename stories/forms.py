"""The image upload form: refuse decompression bombs from the file header, before decoding."""

import warnings

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from PIL import Image as PILImage


class HeaderCheckedImageField(WagtailImageField):
    """Wagtail's image field, with the pixel bound checked on the declared size first.

    Wagtail measures an upload through Willow, which decodes the whole image to learn its
    size: a 100-megapixel PNG of a few hundred bytes is inflated in memory before being
    refused, and a truncated one crashes the upload view with a 500. Pillow's lazy open
    reads only the header, so the bound holds before any decoding.
    """

    def to_python(self, data):
        if data is not None and self.max_image_pixels is not None and hasattr(data, "seek"):
            self.check_declared_pixel_size(data)
        return super().to_python(data)

    def check_declared_pixel_size(self, data) -> None:
        data.seek(0)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
                with PILImage.open(data) as header:
                    width, height = header.size
        except PILImage.DecompressionBombError:
            width = height = None
        except Exception:
            # Not something Pillow reads (SVG, garbage): Wagtail's own checks say why.
            return
        finally:
            data.seek(0)
        if width is None or width * height > self.max_image_pixels:
            raise ValidationError(
                self.error_messages["file_too_many_pixels"]
                % {
                    "num_pixels": width * height if width is not None else "?",
                    "max_pixels_count": self.max_image_pixels,
                },
                code="file_too_many_pixels",
            )


class TerrainImageForm(BaseImageForm):
    """Base of every image form of the admin (single, multiple and chooser uploads)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if type(field) is WagtailImageField:
            # Wagtail builds the field itself (formfield_for_dbfield) with the limits read
            # from settings at that moment; only its validation changes.
            field.__class__ = HeaderCheckedImageField
        self.add_translated_alt_text_fields()
        licence = self.fields.get("licence")
        if licence is not None and self.is_bound and "licence" not in self.data:
            # The multiple uploader posts only title, collection and file: the image keeps
            # the model's default licence (the newsroom's usual one) instead of failing
            # validation and lingering as an upload nobody finishes.
            licence.required = False

    def other_languages(self):
        return [
            (code, name)
            for code, name in settings.WAGTAIL_CONTENT_LANGUAGES
            if code != settings.LANGUAGE_CODE
        ]

    def add_translated_alt_text_fields(self):
        """One "alternative text (English)" field per other content language, right after
        the original one; not on the multiple uploader, which asks only for the file."""
        if "alt_text" not in self.fields:
            return
        translations = self.instance.alt_text_translations or {}
        fields = {}
        for name, field in self.fields.items():
            fields[name] = field
            if name != "alt_text":
                continue
            for code, language in self.other_languages():
                fields[f"alt_text_{code}"] = forms.CharField(
                    label=_("Alternative text (%(language)s)") % {"language": language},
                    max_length=300,
                    required=False,
                    initial=translations.get(code, ""),
                    help_text=_(
                        "The same description for readers of this language; the original "
                        "text is used while this one is empty."
                    ),
                )
        self.fields = fields

    def clean(self):
        cleaned_data = super().clean()
        if "alt_text" in self.fields:
            translations = dict(self.instance.alt_text_translations or {})
            for code, _language in self.other_languages():
                text = (cleaned_data.get(f"alt_text_{code}") or "").strip()
                if text:
                    translations[code] = text
                else:
                    translations.pop(code, None)
            self.instance.alt_text_translations = translations
        return cleaned_data
