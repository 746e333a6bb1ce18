"""A page withdrawn in its source language is withdrawn in every language.

A story taken down (for legal reasons, say) must not stay online in translation. Wagtail's
unpublish and delete views ask the `construct_translated_pages_to_cascade_actions` hook which
other pages go with the one chosen; wagtail-localize does not answer it, so this module does:
the translations of a *source* page go with it (unpublishing an English translation alone
leaves the French source online). The views then list them in their confirmation, and each
page unpublished sends its own `page_unpublished` (partners hear story.unpublished for each).
"""

from wagtail import hooks
from wagtail.models import Locale, Page


def source_locale_id(page) -> int:
    """The language a page was translated from: wagtail-localize's record, else the default."""
    from wagtail_localize.models import TranslationSource

    source = (
        TranslationSource.objects.filter(object_id=page.translation_key)
        .values_list("locale_id", flat=True)
        .first()
    )
    return source if source is not None else Locale.get_default().pk


def translations_to_cascade(pages, action: str) -> dict:
    if action not in {"unpublish", "delete"}:
        return {}  # moves stay per language
    cascade = {}
    for page in pages:
        if page.locale_id != source_locale_id(page):
            continue
        translations = Page.objects.translation_of(page, inclusive=False).filter(
            alias_of__isnull=True
        )
        if action == "unpublish":
            translations = translations.live()
        cascade[page] = translations.specific()
    return cascade


@hooks.register("construct_translated_pages_to_cascade_actions")
def cascade_to_translations(pages, action):
    return translations_to_cascade(pages, action)
