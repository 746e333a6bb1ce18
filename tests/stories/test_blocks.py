"""Each body block's validation, tested on the block itself."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.models import Document

import pytest

from stories import blocks
from tests import factories

pytestmark = pytest.mark.django_db


def struct(block, **values):
    return block.to_python(values)


class TestMapBlock:
    block = blocks.MapBlock()

    def test_valid_point(self):
        value = self.block.clean(struct(self.block, lat="50.46", lon="2.79", label="Loos"))
        assert value["lat"] == Decimal("50.46")

    @pytest.mark.parametrize(
        ("lat", "lon", "field"), [("90.5", "2", "lat"), ("-91", "2", "lat"), ("45", "180.1", "lon")]
    )
    def test_out_of_range_coordinates_are_refused_on_the_field(self, lat, lon, field):
        with pytest.raises(StructBlockValidationError) as error:
            self.block.clean(struct(self.block, lat=lat, lon=lon, label="Ailleurs"))
        assert set(error.value.block_errors) == {field}

    def test_label_is_required(self):
        with pytest.raises(StructBlockValidationError) as error:
            self.block.clean(struct(self.block, lat="45", lon="3", label=""))
        assert "label" in error.value.block_errors


class TestEmbedBlock:
    block = blocks.EmbedBlock()

    def test_known_provider_is_accepted(self):
        value = self.block.clean(struct(self.block, url="https://www.youtube.com/watch?v=abc"))
        assert blocks.embed_provider(value["url"]) == "YouTube"

    def test_unknown_provider_is_refused_with_the_supported_list(self):
        with pytest.raises(StructBlockValidationError) as error:
            self.block.clean(struct(self.block, url="https://evil.example/video"))
        assert "Vimeo" in str(error.value.block_errors["url"])

    def test_lookalike_host_is_not_a_provider(self):
        assert blocks.embed_provider("https://notyoutube.com/x") is None
        assert blocks.embed_provider("https://youtube.com.evil.example/x") is None


class TestImageBlocks:
    def test_image_with_alt_text_is_accepted(self):
        block = blocks.ImageBlock()
        image = factories.make_image(alt_text="Le terril jumeau")
        value = block.clean(struct(block, image=image.pk, layout="wide"))
        assert value["image"] == image

    def test_image_without_alt_text_is_refused(self):
        block = blocks.ImageBlock()
        image = factories.make_image(title="Sans texte", alt_text="  ")
        with pytest.raises(StructBlockValidationError) as error:
            block.clean(struct(block, image=image.pk, layout="inline"))
        assert "Sans texte" in str(error.value.block_errors["image"])

    def test_gallery_needs_two_images_each_with_alt_text(self):
        block = blocks.GalleryBlock()
        good = factories.make_image()
        with pytest.raises(ValidationError):
            block.clean(struct(block, images=[{"image": good.pk, "caption": ""}]))
        bad = factories.make_image(alt_text="")
        with pytest.raises(ValidationError):
            block.clean(struct(block, images=[{"image": good.pk}, {"image": bad.pk}]))
        value = block.clean(struct(block, images=[{"image": good.pk}, {"image": good.pk}]))
        assert len(value["images"]) == 2

    def test_person_portrait_is_optional_but_needs_alt_text_when_given(self):
        block = blocks.PersonBlock()
        assert (
            block.clean(struct(block, name="Une habitante", text="Portrait."))["portrait"] is None
        )
        with pytest.raises(StructBlockValidationError):
            block.clean(
                struct(block, name="X", text="Y", portrait=factories.make_image(alt_text="").pk)
            )


class TestAudioBlock:
    block = blocks.AudioBlock()

    def document(self, name):
        document = Document(title=name, file=ContentFile(b"RIFF....", name=name))
        document.save()
        return document

    def test_sound_file_is_accepted(self):
        value = self.block.clean(
            struct(self.block, file=self.document("episode.mp3").pk, title="É1")
        )
        assert value["title"] == "É1"

    def test_non_sound_file_is_refused(self):
        with pytest.raises(StructBlockValidationError) as error:
            self.block.clean(struct(self.block, file=self.document("rapport.pdf").pk, title="R"))
        assert "file" in error.value.block_errors


class TestOtherBlocks:
    def test_quote_needs_text(self):
        block = blocks.QuoteBlock()
        with pytest.raises(ValidationError):
            block.clean(struct(block, text="", attribution="Quelqu'un"))

    def test_key_figures_need_at_least_one_figure(self):
        block = blocks.KeyFiguresBlock()
        with pytest.raises(ValidationError):
            block.clean(struct(block, title="En chiffres", figures=[]))
        value = block.clean(struct(block, figures=[{"figure": "6 500", "label": "habitants"}]))
        assert value["figures"][0]["figure"] == "6 500"

    def test_fact_box_needs_a_title(self):
        block = blocks.FactBoxBlock()
        with pytest.raises(ValidationError):
            block.clean(struct(block, title="", body="<p>Contexte</p>"))

    def test_heading_level_is_restricted(self):
        block = blocks.HeadingBlock()
        with pytest.raises(ValidationError):
            block.clean(struct(block, text="Titre", level="h1"))

    def test_related_accepts_only_stories(self):
        block = blocks.RelatedBlock()
        story = factories.make_story("Un autre récit")
        assert block.clean(struct(block, stories=[story.pk]))["stories"][0].pk == story.pk
        with pytest.raises(ValidationError):
            block.clean(struct(block, stories=[factories.home().pk]))

    def test_document_block_needs_a_document(self):
        block = blocks.DocumentBlock()
        with pytest.raises(ValidationError):
            block.clean(struct(block, title="Rapport"))

    def test_every_block_declares_icon_description_and_preview(self):
        body = blocks.StoryBodyBlock()
        for name, child in body.child_blocks.items():
            assert child.meta.icon, name
            assert child.meta.description, name
            assert child.get_preview_value() is not None, name
