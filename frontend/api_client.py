"""The reader site's only way to the CMS: HTTP calls to API v1, cached and revalidated."""

import asyncio
import logging
from urllib.parse import urlencode

import httpx

from .response_cache import ResponseCache

logger = logging.getLogger(__name__)


class ApiUnavailable(Exception):
    """The API could not be reached or failed (5xx): the reader gets a 503, not a traceback."""


class ApiError(Exception):
    """The API answered 4xx: the page does not exist or the request was malformed."""

    def __init__(self, status: int, problem: dict | None = None):
        super().__init__(f"API answered {status}")
        self.status = status
        self.problem = problem or {}


def cache_key(path: str, params: dict | None = None) -> str:
    """A stable key for one API resource: its path and sorted, non-empty query parameters."""
    path = path.lstrip("/")
    query = sorted((k, str(v)) for k, v in (params or {}).items() if v not in (None, ""))
    return f"{path}?{urlencode(query)}" if query else path


class ApiClient:
    def __init__(
        self,
        base_url: str,
        cache: ResponseCache | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 5.0,
    ):
        self.base_url = base_url.rstrip("/") + "/"
        self.cache = cache if cache is not None else ResponseCache()
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            transport=transport,
            timeout=timeout,
            headers={"Accept": "application/json", "User-Agent": "terrain-reader/1"},
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    async def get(self, path: str, params: dict | None = None, *, cached: bool = True):
        key = cache_key(path, params)
        entry = self.cache.get(key) if cached else None
        if entry is not None and self.cache.is_fresh(entry):
            return entry.data
        headers = {"If-None-Match": entry.etag} if entry is not None and entry.etag else {}
        try:
            response = await self._http.get(key, headers=headers)
        except httpx.TransportError as error:
            if entry is not None:
                # Stale content beats an error page while the CMS restarts.
                logger.warning("API unreachable, serving stale %s: %s", key, error)
                return entry.data
            raise ApiUnavailable(str(error)) from error
        if response.status_code == 304 and entry is not None:
            self.cache.touch(key)
            return entry.data
        if response.status_code >= 500:
            if entry is not None:
                logger.warning("API failed (%s), serving stale %s", response.status_code, key)
                return entry.data
            raise ApiUnavailable(f"API answered {response.status_code} for {key}")
        if response.status_code >= 400:
            self.cache.drop(lambda k: k == key)
            try:
                problem = response.json()
            except ValueError:
                problem = {}
            raise ApiError(response.status_code, problem if isinstance(problem, dict) else {})
        try:
            data = response.json()
        except ValueError as error:
            raise ApiUnavailable(f"API sent something that is not JSON for {key}") from error
        if cached:
            self.cache.store(key, response.headers.get("ETag"), data)
        return data

    async def get_many(self, *calls):
        """Several API calls at once: a page that needs four resources waits for the slowest.

        Failures are raised in the order of the calls, so a page's main object decides between
        404 and the failure of a side list.
        """
        results = await asyncio.gather(
            *(self.get(path, params) for path, params in calls), return_exceptions=True
        )
        for result in results:
            if isinstance(result, BaseException):
                raise result
        return results

    async def get_optional(self, path: str, params: dict | None = None, default=None):
        """A call whose absence should not take the page down (a missing side list)."""
        try:
            return await self.get(path, params)
        except ApiError:
            return default
