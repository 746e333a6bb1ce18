"""The translation editor's "Submit for review" button (see home/wagtail_hooks.py)."""

from django import template
from django.urls import reverse

from wagtail.models import Page

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
