"""Page forms of the admin. Kept apart from stories/forms.py (image forms), which cannot be
imported while models load."""

from wagtail.admin.forms import WagtailAdminPageForm


class LocaleScopedPageForm(WagtailAdminPageForm):
    """A page form whose many-to-many choices of translatable snippets (themes, partners)
    are those of the page's locale only.

    Without it the editor gets one list mixing both languages, with look-alike duplicates
    ("Radio Exemple" twice), and may tie a French story to an English theme.
    """

    locale_scoped_fields: tuple[str, ...] = ("themes", "syndication_partners")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale_id = self.instance.locale_id
        if locale_id is None:
            return
        for name in self.locale_scoped_fields:
            field = self.fields.get(name)
            if field is None:
                continue
            field.queryset = field.queryset.filter(locale_id=locale_id)
            if not self.is_bound and self.instance.pk:
                # Older pages may still point at the other language's rows (copied by
                # wagtail-localize): tick their counterparts in this language instead.
                counterparts = (
                    obj if obj.locale_id == locale_id else obj.get_translation_or_none(locale_id)
                    for obj in getattr(self.instance, name).all()
                )
                self.initial[name] = [obj.pk for obj in counterparts if obj is not None]

    def clean(self):
        # A draft ("save", whose required fields Wagtail defers) may keep an image without
        # alternative text; submitting or publishing may not (the models' clean).
        self.instance.defer_alt_text_check = self.is_deferred_validation
        return super().clean()
