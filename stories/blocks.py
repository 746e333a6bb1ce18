"""Body blocks of a story: one StructBlock per editorial concept, named as the API names them.

Optional text fields default to "" rather than None: a block stored before a field existed
(or written by an import) otherwise reads None there, which wagtail-localize cannot extract,
so "Translate this page" answered 500 on such a story.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

PARAGRAPH_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]
FACT_BOX_FEATURES = ["bold", "italic", "link", "ol", "ul"]

# Providers whose player URL can be derived from the page URL without asking anyone:
# the API builds the embed from these, never by an oEmbed look-up at request time.
EMBED_PROVIDERS = {
    "youtube.com": "YouTube",
    "youtu.be": "YouTube",
    "vimeo.com": "Vimeo",
    "dailymotion.com": "Dailymotion",
    "soundcloud.com": "SoundCloud",
    "peertube.fr": "PeerTube",
    "arte.tv": "ARTE",
    "ausha.co": "Ausha",
}


def embed_provider(url: str) -> str | None:
    """The platform of an embed URL, or None for anything that is not a plain http(s) address
    on a known platform. The one rule for embeds: checked when a block is saved and again
    whenever one is rendered (translation overrides and old rows bypass the form)."""
    if not isinstance(url, str) or any(ch.isspace() or ord(ch) < 32 or ch == "\\" for ch in url):
        return None  # browsers strip or reinterpret these: what we check must be what they open
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower().removeprefix("www.")
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or parts.username or parts.password:
        return None  # javascript:, data:, ftp:… and user@host tricks are never players
    for domain, name in EMBED_PROVIDERS.items():
        if host == domain or host.endswith("." + domain):
            return name
    return None


# One wording wherever an image without alternative text is refused (blocks, lead, cover…):
# what is wrong and what to do, including for whoever cannot edit the image.
NO_ALT_TEXT = _(
    "“%(title)s” has no alternative text. Add it in Images (ask an editor if you cannot edit "
    "this image) or choose another image. Drafts can be saved meanwhile; submitting and "
    "publishing need it."
)


def has_alt_text(image) -> bool:
    return bool((getattr(image, "alt_text", "") or "").strip())


class AccessibleImageChooserBlock(ImageChooserBlock):
    """An image chooser that refuses an image without alternative text, except in a draft.

    Saving a draft defers the rule (Wagtail's deferred validation of the "save" action), so a
    journalist does not lose work while the photo desk adds the text; submitting for review
    or publishing runs it.
    """

    def clean(self, value):
        value = super().clean(value)
        if value is not None and not has_alt_text(value) and not self.is_deferred_validation:
            raise ValidationError(NO_ALT_TEXT % {"title": value.title})
        return value


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=200, label=_("Text"))
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Section heading")), ("h3", _("Sub-heading"))],
        default="h2",
        label=_("Level"),
    )

    class Meta:
        icon = "title"
        description = _("A section heading inside the story.")
        preview_value = {"text": "Trente ans de transition", "level": "h2"}


class ImageBlock(blocks.StructBlock):
    image = AccessibleImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(
        required=False,
        default="",
        label=_("Caption"),
        help_text=_("Leave empty to use the image's caption."),
    )
    credit = blocks.CharBlock(
        required=False,
        default="",
        label=_("Credit"),
        help_text=_("Leave empty to use the image's credit."),
    )
    layout = blocks.ChoiceBlock(
        choices=[("inline", _("Text width")), ("wide", _("Wide")), ("full", _("Full width"))],
        default="inline",
        label=_("Layout"),
    )

    class Meta:
        icon = "image"
        description = _("One photo or illustration with its caption and credit.")
        preview_value = {"caption": "Le terril 11/19", "credit": "Photo : démo", "layout": "wide"}


class GalleryItemBlock(blocks.StructBlock):
    image = AccessibleImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(required=False, default="", label=_("Caption"))


class GalleryBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, default="", label=_("Title"))
    images = blocks.ListBlock(GalleryItemBlock(), min_num=2, max_num=30, label=_("Images"))

    class Meta:
        icon = "image"
        description = _("A series of photos shown together.")
        preview_value = {"title": "Sur le terrain", "images": []}


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Text"))
    attribution = blocks.CharBlock(
        required=False, default="", label=_("Attribution"), help_text=_("Who said it.")
    )
    role = blocks.CharBlock(
        required=False,
        default="",
        label=_("Role"),
        help_text=_("What they do, as the reader needs it."),
    )

    class Meta:
        icon = "openquote"
        description = _("Words of someone met on the ground.")
        preview_value = {
            "text": "Ici, la transition, on la raconte autant qu'on la fait.",
            "attribution": "Habitante (personnage de démonstration)",
            "role": "membre d'une association de quartier",
        }


class EmbedBlock(blocks.StructBlock):
    url = blocks.URLBlock(
        label=_("Address"), help_text=_("Address of a video or a sound on a known platform.")
    )
    title = blocks.CharBlock(
        required=False,
        default="",
        label=_("Title"),
        help_text=_("Shown as the link if it can't play."),
    )
    caption = blocks.CharBlock(required=False, default="", label=_("Caption"))

    class Meta:
        icon = "media"
        description = _("A video or audio player from YouTube, Vimeo, SoundCloud…")
        preview_value = {"url": "https://vimeo.com/76979871", "title": "Vidéo de démonstration"}

    def clean(self, value):
        value = super().clean(value)
        if value.get("url") and embed_provider(value["url"]) is None:
            known = ", ".join(sorted(set(EMBED_PROVIDERS.values())))
            raise StructBlockValidationError(
                block_errors={
                    "url": ValidationError(
                        _("Unknown platform. Supported: %(known)s. Otherwise use a link.")
                        % {"known": known}
                    )
                }
            )
        return value


class AudioBlock(blocks.StructBlock):
    file = DocumentChooserBlock(label=_("Sound file"), help_text=_("An MP3, M4A, OGG or WAV file."))
    title = blocks.CharBlock(label=_("Title"))
    duration = blocks.CharBlock(
        required=False,
        default="",
        max_length=12,
        label=_("Duration"),
        help_text=_("For example 24:30."),
    )
    transcript = blocks.RichTextBlock(
        features=PARAGRAPH_FEATURES, required=False, label=_("Transcript")
    )

    class Meta:
        icon = "media"
        description = _("An uploaded recording (podcast, interview) with its transcript.")
        preview_value = {"title": "Épisode audio", "duration": "24:30"}

    def clean(self, value):
        value = super().clean(value)
        document = value.get("file")
        audio_extensions = {"mp3", "m4a", "ogg", "opus", "wav"}
        if document is not None and document.file_extension.lower() not in audio_extensions:
            raise StructBlockValidationError(
                block_errors={"file": ValidationError(_("This file is not a sound file."))}
            )
        return value


class KeyFigureBlock(blocks.StructBlock):
    figure = blocks.CharBlock(
        max_length=30, label=_("Figure"), help_text=_("For example 6 500 or 30 %.")
    )
    label = blocks.CharBlock(max_length=200, label=_("Label"))


class KeyFiguresBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, default="", label=_("Title"))
    figures = blocks.ListBlock(KeyFigureBlock(), min_num=1, max_num=8, label=_("Figures"))

    class Meta:
        icon = "table"
        description = _("A few figures that sum up the territory.")
        preview_value = {
            "title": "En chiffres",
            "figures": [{"figure": "6 500", "label": "habitants"}],
        }


class FactBoxBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    body = blocks.RichTextBlock(features=FACT_BOX_FEATURES, label=_("Text"))

    class Meta:
        icon = "help"
        description = _("A box that explains context: a law, a term, a date.")
        preview_value = {"title": "Qu'est-ce qu'un PETR ?", "body": "<p>Un pôle d'équilibre…</p>"}


class MapBlock(blocks.StructBlock):
    lat = blocks.DecimalBlock(
        max_digits=8, decimal_places=5, label=_("Latitude"), help_text=_("Latitude, -90 to 90.")
    )
    lon = blocks.DecimalBlock(
        max_digits=8,
        decimal_places=5,
        label=_("Longitude"),
        help_text=_("Longitude, -180 to 180."),
    )
    label = blocks.CharBlock(label=_("Label"), help_text=_("What is at that point."))

    class Meta:
        icon = "site"
        description = _("A point on the map: where this happens.")
        preview_value = {"lat": "50.46", "lon": "2.79", "label": "Loos-en-Gohelle"}

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if value.get("lat") is not None and not -90 <= value["lat"] <= 90:
            errors["lat"] = ValidationError(_("Latitude must be between -90 and 90."))
        if value.get("lon") is not None and not -180 <= value["lon"] <= 180:
            errors["lon"] = ValidationError(_("Longitude must be between -180 and 180."))
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        required=False,
        default="",
        label=_("Title"),
        help_text=_("Leave empty to use the document's title."),
    )
    description = blocks.TextBlock(required=False, default="", label=_("Description"))

    class Meta:
        icon = "doc-full"
        description = _("A file readers can download: a report, a dataset.")
        preview_value = {"title": "Rapport (démo)", "description": "PDF"}


class PersonBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Name"))
    role = blocks.CharBlock(
        required=False, default="", label=_("Role"), help_text=_("What they do, where.")
    )
    portrait = AccessibleImageChooserBlock(required=False, label=_("Portrait photo"))
    text = blocks.TextBlock(label=_("Text"), help_text=_("A short portrait."))

    class Meta:
        icon = "user"
        description = _("A portrait card of someone met on the ground.")
        preview_value = {
            "name": "Personnage de démonstration",
            "role": "maraîchère",
            "text": "Installée depuis 2019 sur une ancienne friche.",
        }


class RelatedBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, default="", label=_("Title"))
    stories = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="stories.StoryPage", label=_("Story")),
        min_num=1,
        max_num=6,
        label=_("Stories"),
    )

    class Meta:
        icon = "link"
        description = _("Links to other stories.")
        preview_value = {"title": "À lire aussi", "stories": []}


class StoryBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=PARAGRAPH_FEATURES,
        icon="pilcrow",
        label=_("Paragraph"),
        description=_("Running text."),
        preview_value="<p>Au pied des terrils, une ville a changé de récit.</p>",
    )
    heading = HeadingBlock(label=_("Heading"))
    image = ImageBlock(label=_("Image"))
    gallery = GalleryBlock(label=_("Gallery"))
    quote = QuoteBlock(label=_("Quote"))
    embed = EmbedBlock(label=_("Embedded player"))
    audio = AudioBlock(label=_("Audio"))
    key_figures = KeyFiguresBlock(label=_("Key figures"))
    fact_box = FactBoxBlock(label=_("Fact box"))
    map = MapBlock(label=_("Map"))
    document = DocumentBlock(label=_("Document"))
    person = PersonBlock(label=_("Person"))
    related = RelatedBlock(label=_("Related stories"))


class LinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Label"))
    url = blocks.URLBlock(label=_("Address"))

    class Meta:
        icon = "link"
        description = _("A link to the contributor elsewhere.")
        preview_value = {"label": "Site", "url": "https://example.org/"}
