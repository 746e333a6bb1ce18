"""The CMS tells the reader site what changed; the reader site forgets what it concerns.

Accepted payload (Standard Webhooks signature, JSON body):

    {"type": "page.published" | "page.unpublished" | "page.deleted" | "snippet.changed" | ...,
     "timestamp": "...",
     "data": {"api_url": "...", "url": "...", "path": "/fr/series/x/y/",
              "translations": [{"url": ..., "api_url": ...}],
              "series": {"api_url": ..., "url": ...},   # an episode's series, optional
              "all": false}}

Every entry naming the object (its detail, its resolve/ by path, its translations, its series)
and every list or aggregate response (home, lists, search, sitemap, territories, themes,
contributors, which may include it) is dropped. `"all": true`, or a payload naming nothing,
drops everything: forgetting too much costs one revalidation, forgetting too little shows
readers a stale correction.
"""

import json
import threading
import time
from collections import OrderedDict
from urllib.parse import urlencode, urlsplit

from standardwebhooks.webhooks import Webhook

from .response_cache import ResponseCache

# A notification names a page, its translations and its series: a few hundred bytes. The body
# is read up to this bound, before the signature is checked, and refused past it.
MAX_BODY_BYTES = 64 * 1024
# standardwebhooks accepts a timestamp up to 5 minutes old or ahead: a message id is
# remembered for both halves of that window, after which its timestamp alone refuses it.
TIMESTAMP_TOLERANCE_SECONDS = 5 * 60
MAX_REMEMBERED_IDS = 10_000


class InvalidSignature(Exception):
    pass


class InvalidPayload(Exception):
    """Signed by the CMS, but not the shape this endpoint understands."""


class SeenMessages:
    """webhook-id values of the notifications already acted on, for as long as their
    signature stays valid: a captured notification sent again changes nothing.

    Per process (each reader process has its own response cache to purge, too)."""

    def __init__(
        self,
        window: float = 2 * TIMESTAMP_TOLERANCE_SECONDS,
        max_entries: int = MAX_REMEMBERED_IDS,
        clock=time.monotonic,
    ):
        self.window = window
        self.max_entries = max_entries
        self.clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def first_time(self, message_id: str) -> bool:
        """True the first time an id is seen within the window (and remembers it)."""
        now = self.clock()
        with self._lock:
            while self._seen and next(iter(self._seen.values())) <= now:
                self._seen.popitem(last=False)
            if message_id in self._seen:
                return False
            if len(self._seen) >= self.max_entries:
                self._seen.popitem(last=False)
            self._seen[message_id] = now + self.window
            return True


def webhook_for(secret: str) -> Webhook:
    # "whsec_<base64>" is the Standard Webhooks form; anything else is taken as the raw key.
    if secret.startswith("whsec_"):
        return Webhook(secret)
    return Webhook(secret.encode())


def verify(secret: str, body: bytes, headers) -> dict:
    """The notification's payload, once its signature is checked and its shape is known."""
    if not secret:
        raise InvalidSignature("READER_WEBHOOK_SECRET is not set")
    try:
        webhook_for(secret).verify(body, dict(headers), json_parse=False)
    except Exception as error:  # malformed headers raise ValueError/binascii.Error, not only ours
        raise InvalidSignature(str(error)) from error
    try:
        payload = json.loads(body)
    except ValueError as error:
        raise InvalidPayload("the body is not JSON") from error
    validate(payload)
    return payload


def _check_object(obj, where: str) -> None:
    if not isinstance(obj, dict):
        raise InvalidPayload(f"{where} must be an object")
    for name in ("api_url", "url", "path"):
        value = obj.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            raise InvalidPayload(f"{where}.{name} must be a string")
        try:
            urlsplit(value)
        except ValueError as error:  # "http://[" and the like
            raise InvalidPayload(f"{where}.{name} is not a URL") from error


def validate(payload) -> None:
    """The shape described at the top of this module; anything else is refused (400)."""
    if not isinstance(payload, dict):
        raise InvalidPayload("the payload must be a JSON object")
    if "type" in payload and not isinstance(payload["type"], str):
        raise InvalidPayload("type must be a string")
    data = payload.get("data", {})
    if data is None:
        return
    _check_object(data, "data")
    if not isinstance(data.get("all", False), bool):
        raise InvalidPayload("data.all must be true or false")
    translations = data.get("translations") or []
    if not isinstance(translations, list):
        raise InvalidPayload("data.translations must be a list")
    for index, translation in enumerate(translations):
        _check_object(translation, f"data.translations[{index}]")
    if data.get("series") is not None:
        _check_object(data["series"], "data.series")


# Responses that list or aggregate many objects: any publication may change them.
LIST_PATHS = {"home/", "series/", "stories/", "search/", "sitemap/", "preview/"}
AGGREGATE_PREFIXES = ("territories/", "themes/", "contributors/", "partners/")


def is_aggregate(key: str) -> bool:
    path = key.split("?", 1)[0]
    return path in LIST_PATHS or path.startswith(AGGREGATE_PREFIXES)


def _api_path(api_url: str, api_base_url: str) -> str:
    """An API URL as the cache names it: relative to the API base, without leading slash."""
    base_path = urlsplit(api_base_url).path.rstrip("/") + "/"
    path = urlsplit(api_url).path
    if path.startswith(base_path):
        path = path[len(base_path) :]
    return path.lstrip("/")


def concerned_keys(data: dict, api_base_url: str) -> tuple[set[str], set[str]]:
    """(detail prefixes, resolve keys) named by a notification's data."""
    objects = [data, *(data.get("translations") or [])]
    if isinstance(data.get("series"), dict):
        objects.append(data["series"])
    details, resolves = set(), set()
    for obj in objects:
        if obj.get("api_url"):
            details.add(_api_path(obj["api_url"], api_base_url))
        path = obj.get("path") or (urlsplit(obj["url"]).path if obj.get("url") else "")
        if path:
            resolves.add("resolve/?" + urlencode({"path": path}))
    return details, resolves


def purge(cache: ResponseCache, payload: dict, api_base_url: str) -> int:
    data = payload.get("data") if isinstance(payload.get("data"), dict) else {}
    details, resolves = concerned_keys(data, api_base_url)
    if data.get("all") or not (details or resolves):
        return cache.clear()

    def concerned(key: str) -> bool:
        if is_aggregate(key) or key in resolves:
            return True
        # A detail key may carry a query (?locale=fr): compare on the path.
        return key.split("?", 1)[0] in details

    return cache.drop(concerned)
