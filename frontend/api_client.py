"""The reader site's only way to the CMS: HTTP calls to API v1, cached and revalidated."""

import asyncio
import logging
import time
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
    """Stale-while-revalidate in front of the API, so a slow or failing CMS never holds readers.

    - A fresh entry is served as is. A stale one is revalidated, but the reader waits at most
      `revalidate_timeout` for it: past that the stale copy is served and the revalidation
      goes on in the background.
    - One request per resource at a time: concurrent readers of the same missing or stale
      page share one API call (a cold start under load asks once, not once per reader).
    - After `failure_threshold` failures in a row (unreachable, timed out or 5xx) the circuit
      opens for `open_seconds`: stale copies are served without asking, and a page never
      cached gets its 503 at once instead of after the full timeout.
    """

    def __init__(
        self,
        base_url: str,
        cache: ResponseCache | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 5.0,
        revalidate_timeout: float = 0.2,
        failure_threshold: int = 3,
        open_seconds: float = 5.0,
        clock=time.monotonic,
    ):
        self.base_url = base_url.rstrip("/") + "/"
        self.cache = cache if cache is not None else ResponseCache()
        self.revalidate_timeout = revalidate_timeout
        self.failure_threshold = failure_threshold
        self.open_seconds = open_seconds
        self.clock = clock
        self._failures = 0
        self._open_until = 0.0
        self._in_flight: dict[str, asyncio.Task] = {}
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            transport=transport,
            timeout=timeout,
            headers={"Accept": "application/json", "User-Agent": "terrain-reader/1"},
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    @property
    def circuit_open(self) -> bool:
        return self.clock() < self._open_until

    async def get(self, path: str, params: dict | None = None, *, cached: bool = True):
        key = cache_key(path, params)
        if not cached:
            return await self._fetch(key, None, cached=False)
        entry = self.cache.get(key)
        if entry is not None and self.cache.is_fresh(entry):
            return entry.data
        if self.circuit_open:
            if entry is not None:
                return entry.data
            raise ApiUnavailable(f"the API is failing; {key} is not asked again yet")
        fetch = self._shared_fetch(key, entry)
        if entry is None:
            return await asyncio.shield(fetch)
        try:
            return await asyncio.wait_for(asyncio.shield(fetch), self.revalidate_timeout)
        except TimeoutError:
            logger.info("API slow, serving stale %s while it revalidates", key)
        except ApiUnavailable as error:
            # Stale content beats an error page while the CMS restarts.
            logger.warning("API unavailable, serving stale %s: %s", key, error)
        return entry.data

    def _shared_fetch(self, key: str, entry) -> asyncio.Task:
        loop = asyncio.get_running_loop()
        task = self._in_flight.get(key)
        if task is None or task.done() or task.get_loop() is not loop:
            task = loop.create_task(self._fetch(key, entry, cached=True))
            self._in_flight[key] = task
            task.add_done_callback(lambda done: self._forget(key, done))
        return task

    def _forget(self, key: str, task: asyncio.Task) -> None:
        if self._in_flight.get(key) is task:
            del self._in_flight[key]
        if not task.cancelled():
            task.exception()  # a background revalidation's failure is logged, not raised

    def _failed(self, reason: str) -> ApiUnavailable:
        self._failures += 1
        if self._failures >= self.failure_threshold and not self.circuit_open:
            self._open_until = self.clock() + self.open_seconds
            logger.warning("API failing (%s): not asked for %.0f s", reason, self.open_seconds)
        return ApiUnavailable(reason)

    async def _fetch(self, key: str, entry, *, cached: bool):
        headers = {"If-None-Match": entry.etag} if entry is not None and entry.etag else {}
        try:
            response = await self._http.get(key, headers=headers)
        except httpx.TransportError as error:
            raise self._failed(f"{type(error).__name__} for {key}") from error
        if response.status_code >= 500:
            raise self._failed(f"API answered {response.status_code} for {key}")
        self._failures = 0
        if response.status_code == 304 and entry is not None:
            self.cache.touch(key)
            return entry.data
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
