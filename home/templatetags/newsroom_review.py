"""What the translation editor adds for a newsroom: "Submit for review" (home/wagtail_hooks.py)
and a notice when the source was corrected after the translation was last synced."""

from django import template
from django.urls import reverse

from wagtail.models import Page
from wagtail_localize.models import Translation

register = template.Library()


@register.inclusion_tag("home/submit_translation_for_review.html", takes_context=True)
def submit_translation_for_review(context, instance):
    from home.wagtail_hooks import may_submit_for_review

    user = context["request"].user
    allowed = isinstance(instance, Page) and may_submit_for_review(user, instance)
    return {
        "submit_url": reverse("terrain_submit_translation", args=[instance.pk]) if allowed else "",
        "csrf_token": context.get("csrf_token"),
    }


def outdated_source(page):
    """The TranslationSource of `page` when its source page was published after the text was
    last taken from it (a correction not yet synced into this translation), else None."""
    translation = (
        Translation.objects.filter(
            source__object_id=page.translation_key, target_locale_id=page.locale_id
        )
        .select_related("source")
        .first()
    )
    if translation is None:
        return None
    source = translation.source
    source_page = Page.objects.filter(
        translation_key=page.translation_key, locale_id=source.locale_id
    ).first()
    published = source_page and source_page.last_published_at
    return source if published and published > source.last_updated_at else None


@register.inclusion_tag("home/translation_outdated.html")
def translation_outdated_notice(instance):
    source = outdated_source(instance) if isinstance(instance, Page) else None
    if source is None:
        return {}
    return {
        "sync_url": reverse("wagtail_localize:update_translations", args=[source.pk]),
        "source_locale": source.locale.get_display_name(),
    }
