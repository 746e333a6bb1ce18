"""Who a partner is (its key), what it may read (its scope), and how much it reads (usage)."""

import datetime
import re

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Length, Substr
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, permissions

from wagtail.models import Page, PageViewRestriction, Revision

from series.models import APIKeyUsage, Partner, PartnerAPIKey, SeriesPage
from stories.models import StoryPage

from .client_address import client_key
from .errors import Problem, RateLimited
from .visibility import hidden_at, visible_at

# What djangorestframework-api-key generates: an 8-character prefix, a dot, a 32-character secret.
# Anything else is refused before the database is asked.
KEY_RE = re.compile(r"[A-Za-z0-9]{8}\.[A-Za-z0-9]{32}")
KEYWORD = "Api-Key"
LAST_USED_PRECISION = datetime.timedelta(minutes=1)


def unauthorized(detail: str) -> Problem:
    return Problem(401, detail, kind="unauthorized")


class PartnerKeyAuthentication(authentication.BaseAuthentication):
    """`Authorization: Api-Key <prefix.secret>` → request.auth is the PartnerAPIKey."""

    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header:
            return None
        failures = FailedKeyAttempts(request)
        failures.check()
        keyword, _, key = header.partition(" ")
        if keyword.lower() != KEYWORD.lower():
            raise failures.record(unauthorized("Send the key as “Authorization: Api-Key <key>”."))
        key = key.strip()
        if not KEY_RE.fullmatch(key):
            raise failures.record(unauthorized("This is not a Terrain API key."))
        try:
            api_key = PartnerAPIKey.objects.get_from_key(key)
        except PartnerAPIKey.DoesNotExist:
            raise failures.record(
                unauthorized("This key is unknown or has been revoked.")
            ) from None
        if api_key.has_expired:
            raise failures.record(unauthorized("This key has expired."))
        return (None, api_key)

    def authenticate_header(self, request):
        # Without it DRF would turn a 401 into a 403.
        return KEYWORD


class FailedKeyAttempts:
    """Guessing keys from one address is cut short: after a number of refused keys in a
    minute, that address gets 429 without the database being asked."""

    def __init__(self, request):
        # Counted per client address as TRUSTED_PROXY_COUNT defines it: a forged
        # X-Forwarded-For neither escapes the count nor locks a partner's address out.
        self.cache_key = f"partner-auth-failures:{client_key(request)}"
        self.limit = int(getattr(settings, "PARTNER_AUTH_FAILURES_PER_MINUTE", 20))

    def check(self):
        if (cache.get(self.cache_key) or 0) >= self.limit:
            raise RateLimited(60, "Too many refused keys from this address.")

    def record(self, error: Exception) -> Exception:
        cache.add(self.cache_key, 0, timeout=60)
        try:
            cache.incr(self.cache_key)
        except ValueError:
            cache.set(self.cache_key, 1, timeout=60)
        return error


class PartnerKeyScheme(OpenApiAuthenticationExtension):
    target_class = "api.partner_access.PartnerKeyAuthentication"
    name = "PartnerApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "A partner key, sent as `Authorization: Api-Key <key>`.",
        }


class HasPartnerKey(permissions.BasePermission):
    def has_permission(self, request, view):
        if not isinstance(request.auth, PartnerAPIKey):
            raise unauthorized("This endpoint needs a partner key: “Authorization: Api-Key <key>”.")
        return True


def record_usage(api_key: PartnerAPIKey, throttled: bool = False) -> None:
    """Count one request for the key today (UTC): an UPDATE, an INSERT once a day; and when
    the key was last used, to the minute."""
    now = timezone.now()
    field = "throttled" if throttled else "requests"
    rows = APIKeyUsage.objects.filter(key=api_key, day=now.date())
    if not rows.update(**{field: F(field) + 1}):
        try:
            with transaction.atomic():
                APIKeyUsage.objects.create(key=api_key, day=now.date(), **{field: 1})
        except IntegrityError:  # another process created today's row first
            rows.update(**{field: F(field) + 1})
    # A write per request would make every partner request take the database's write lock
    # twice (SQLite has one for the whole database).
    if api_key.last_used_at is None or now - api_key.last_used_at >= LAST_USED_PRECISION:
        PartnerAPIKey.objects.filter(pk=api_key.pk).update(last_used_at=now)


# --- scope ------------------------------------------------------------------------------------


def scoped_series_paths(api_key: PartnerAPIKey) -> list[str] | None:
    """Tree paths of the series the key covers, in every language; None means every series."""
    if api_key.all_series:
        return None
    chosen = api_key.series.values_list("translation_key", flat=True)
    return list(
        SeriesPage.objects.filter(translation_key__in=chosen).values_list("path", flat=True)
    )


def scoped_locale_ids(api_key: PartnerAPIKey) -> list[int] | None:
    ids = list(api_key.locales.values_list("pk", flat=True))
    return ids or None


def path_filter(paths: list[str], field: str = "path") -> Q:
    if not paths:
        return Q(pk__in=[])
    condition = Q()
    for path in paths:
        condition |= Q(**{f"{field}__startswith": path})
    return condition


def scoped_stories_at(*, now, hidden, key: int, all_series: bool, embargoed=None, locale=None):
    """The stories key `key` may read at `now` (a builder for prepared queries: plain inputs,
    no query of its own): visible (`hidden` being api.visibility.instant()'s paths), or one
    of `embargoed` (ids, for a key that receives embargoed stories); open to republication
    by the key's partner; in the key's languages (none chosen: all) or only `locale`; in
    its series, in every language (unless `all_series`)."""
    stories = visible_or_among(now, hidden, embargoed)
    # A partner exists once per language (translatable snippet): match its translation key,
    # so choosing it on the French story also covers the English translation.
    partner = Partner.objects.filter(api_keys=key).values("translation_key")
    chosen = StoryPage.objects.filter(syndication_partners__translation_key__in=partner).values(
        "pk"
    )
    stories = stories.filter(Q(syndication="all") | Q(syndication="selected", pk__in=chosen))
    key_locales = PartnerAPIKey.locales.through.objects.filter(partnerapikey_id=key)
    stories = stories.filter(
        Q(locale_id__in=key_locales.values("locale_id")) | ~Exists(key_locales)
    )
    if locale is not None:
        stories = stories.filter(locale_id=locale)
    if not all_series:
        key_series = PartnerAPIKey.series.through.objects.filter(partnerapikey_id=key)
        covering = SeriesPage.objects.filter(
            translation_key__in=key_series.values("seriespage__translation_key"),
            path=Substr(OuterRef("path"), 1, Length("path")),
        )
        stories = stories.filter(Exists(covering))
    return stories


def scope_inputs(api_key: PartnerAPIKey, now, hidden, *, embargo: bool = True) -> dict:
    """scoped_stories_at's inputs for this key; `embargo=False` leaves embargoed stories out
    whatever the key (feeds have no field to carry an embargo)."""
    embargoed = None
    if embargo and api_key.embargo_access:
        embargoed = tuple(sorted(embargoed_stories(now).values_list("pk", flat=True)))
    return {
        "now": now,
        "hidden": hidden,
        "key": api_key.pk,
        "all_series": api_key.all_series,
        "embargoed": embargoed,
    }


def embargoed_stories(at=None) -> QuerySet:
    """Stories scheduled for a future release: approved, not yet live, and nothing above them
    hidden for another reason (unpublished, expired, private)."""
    at = at or timezone.now()
    scheduled = Revision.page_revisions.filter(approved_go_live_at__gt=at).values_list(
        "object_id", flat=True
    )
    ids = [int(object_id) for object_id in scheduled]
    queryset = StoryPage.objects.filter(pk__in=ids, live=False, go_live_at__gt=at).filter(
        Q(expire_at__isnull=True) | Q(expire_at__gt=at)
    )
    hidden_branches = Page.objects.filter(numchild__gt=0).filter(
        (Q(live=False) & ~Q(go_live_at__gt=at)) | Q(expire_at__lte=at)
    )
    for path in hidden_branches.values_list("path", flat=True):
        queryset = queryset.exclude(path__startswith=path)
    for path in PageViewRestriction.objects.values_list("page__path", flat=True):
        queryset = queryset.exclude(path__startswith=path)
    return queryset


def visible_or_among(now, hidden, embargoed: tuple | None) -> QuerySet:
    """The stories visible at `now` (`hidden`: api.visibility.instant()'s paths), or one of
    `embargoed` (ids; None: none)."""
    stories = visible_at(StoryPage, now, hidden)
    if embargoed is None:
        return stories
    return StoryPage.objects.filter(Q(pk__in=stories.values("pk")) | Q(pk__in=embargoed))


def visible_or_embargoed(at=None) -> QuerySet:
    """Every story some partner may read now: the visible ones and the scheduled ones."""
    at = at or timezone.now()
    embargoed = tuple(embargoed_stories(at).values_list("pk", flat=True))
    return visible_or_among(at, hidden_at(at), embargoed)


def partner_stories(api_key: PartnerAPIKey, at=None) -> QuerySet:
    """Exactly the stories this key may read now: visible (or embargoed, if the key may see
    embargoed stories), open to republication for its partner, within its series and locales."""
    at = at or timezone.now()
    return scoped_stories_at(**scope_inputs(api_key, at, hidden_at(at)))


def is_embargoed(page: StoryPage, at=None) -> bool:
    at = at or timezone.now()
    return page.go_live_at is not None and page.go_live_at > at


def could_once_read(api_key: PartnerAPIKey, state) -> bool:
    """Whether this key could once read the story of a change-log row, so may hear that it was
    withdrawn (ninjs canceled). Series and language are checked by the caller's query; here:
    the story was open to the key's partner (or, for a key receiving embargoed stories, open
    to it while scheduled), and the key existed after the story last changed for it."""
    if api_key.created and state.changed_at < api_key.created:
        return False
    partner = str(api_key.partner.translation_key)
    audience = set(state.audience or [])
    if audience & {"*", partner}:
        return True
    return api_key.embargo_access and bool(audience & {"embargo:*", f"embargo:{partner}"})
