from django.db import models


class PublishedDocument(models.Model):
    """The API v1 representation of one public object, rendered when it changes (see
    api.read_model). `body` is JSON text whose API origin is a placeholder, filled in per
    request; `version` changes whenever the body does, and makes the ETag."""

    kind = models.CharField(max_length=20)
    object_id = models.PositiveIntegerField()
    variant = models.CharField(max_length=10)
    body = models.TextField()
    version = models.BigIntegerField()
    renderer = models.PositiveIntegerField()
    # The next moment any page appears or disappears by the clock: a document rendered before
    # it may show, among its neighbours and links, what has since come or gone.
    valid_until = models.DateTimeField(null=True, blank=True)
    last_modified = models.DateTimeField(null=True, blank=True)
    rendered_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "variant"], name="one_document_per_variant"
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id} ({self.variant})"


class DocumentRead(models.Model):
    """One thing a document's rendering read (`page:12`, `branch:000100020003`, `image:4`…):
    when it changes, the document is rendered again."""

    kind = models.CharField(max_length=20)
    object_id = models.PositiveIntegerField()
    key = models.CharField(max_length=300, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id", "key"], name="one_read_per_key")
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id} read {self.key}"


class PublicationStamp(models.Model):
    """One row whose number rises in the transaction of every change readers can see
    (api.read_model.changes.changed) or a partner key's scope: a list's total, held by a
    process, is used only while the number and the clock's next boundary are those it was
    counted under (api.read_model.lists.counted_rows). Drafts never raise it."""

    value = models.BigIntegerField(default=0)

    def __str__(self):
        return str(self.value)
