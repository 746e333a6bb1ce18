from django.db import models


class ContentVersion(models.Model):
    """One row: the version of everything the public API shows, shared by every process.

    The response cache keys entries by `version`; any change to public content bumps it (see
    api.response_cache). `boundary` is the next moment a page appears or disappears by the clock
    alone (go_live_at / expire_at), when the version must move on without any write.
    """

    version = models.BigIntegerField(default=1)
    boundary = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"content version {self.version}"
