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

from urllib.parse import urlencode, urlsplit

from standardwebhooks.webhooks import Webhook

from .response_cache import ResponseCache


class InvalidSignature(Exception):
    pass


def webhook_for(secret: str) -> Webhook:
    # "whsec_<base64>" is the Standard Webhooks form; anything else is taken as the raw key.
    if secret.startswith("whsec_"):
        return Webhook(secret)
    return Webhook(secret.encode())


def verify(secret: str, body: bytes, headers) -> dict:
    if not secret:
        raise InvalidSignature("READER_WEBHOOK_SECRET is not set")
    try:
        payload = webhook_for(secret).verify(body, dict(headers))
    except Exception as error:  # malformed headers raise ValueError/binascii.Error, not only ours
        raise InvalidSignature(str(error)) from error
    if not isinstance(payload, dict):
        raise InvalidSignature("payload is not a JSON object")
    return payload


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
