"""Text fields never carry control characters.

A vertical tab (Word's manual line break, pasted into a title) or any other C0 control is
meaningless in a title, a name or a caption, and XML 1.0 forbids most of them: one of them
used to break every RSS and Atom feed. They are replaced by a space when any content model
is saved, whichever path saved it (admin form, translation, import); feeds strip them again
at output for what was stored before.
"""

import re

from django.db import models

CONTROL_RE = re.compile(r"[\x00-\x1f\x7f\ufffe\uffff]")
# Multi-line text keeps tab, newline and carriage return.
TEXT_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
CONTENT_APPS = {"stories", "series", "home"}


def clean_line(value: str) -> str:
    return CONTROL_RE.sub(" ", value)


def clean_single_line_fields(sender, instance, raw=False, **kwargs):
    """pre_save: every CharField of a content model loses its control characters, every
    TextField those XML forbids (it keeps tabs and line breaks); rich text and StreamFields
    are cleaned at output."""
    if raw or sender._meta.app_label not in CONTENT_APPS:
        return
    for field in sender._meta.concrete_fields:
        if isinstance(field, models.CharField):
            pattern = CONTROL_RE
        elif type(field) is models.TextField:
            pattern = TEXT_CONTROL_RE
        else:
            continue
        value = getattr(instance, field.attname, None)
        if isinstance(value, str) and pattern.search(value):
            setattr(instance, field.attname, pattern.sub(" ", value))
