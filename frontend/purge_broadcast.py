"""A purge reaches every reader process, not only the one the CMS's webhook happened to hit.

Each process keeps its own response cache. With `REDIS_URL` set (the same Redis the CMS
uses), the process that receives a verified purge applies it and publishes it on a channel
every reader process of the site listens to. Redis is an accelerator here too: if it is down
a purge still applies where it arrived, the others catch up within their cache TTL, and a
process that lost its subscription forgets its whole cache when it gets it back (it may have
missed purges meanwhile: forgetting too much costs one revalidation per page).
"""

import asyncio
import contextlib
import json
import logging
import uuid
from collections.abc import Callable

import redis.asyncio as redis

from .purge import InvalidPayload, validate

logger = logging.getLogger(__name__)

RETRY_FIRST_SECONDS = 0.5
RETRY_MAX_SECONDS = 10.0


class PurgeBroadcast:
    def __init__(
        self,
        url: str,
        channel: str,
        apply: Callable[[dict], object],
        forget_all: Callable[[], object],
    ):
        self.url = url
        self.channel = channel
        self.apply = apply
        self.forget_all = forget_all
        self.sender = uuid.uuid4().hex
        self.subscribed = asyncio.Event()
        self._publisher = redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5)
        self._task: asyncio.Task | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._listen())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self._publisher.aclose()

    async def publish(self, payload: dict) -> bool:
        """Tell the other processes; False (logged) if Redis cannot be reached now."""
        message = json.dumps({"sender": self.sender, "payload": payload})
        try:
            await self._publisher.publish(self.channel, message)
        except (redis.RedisError, OSError) as error:
            logger.warning("purge not broadcast (Redis unavailable): %s", error)
            return False
        return True

    def receive(self, raw: bytes | str) -> bool:
        """Apply a purge another process published; False for our own or a malformed one."""
        try:
            message = json.loads(raw)
            if message.get("sender") == self.sender:
                return False
            payload = message["payload"]
            validate(payload)
        except (ValueError, TypeError, KeyError, AttributeError, InvalidPayload):
            logger.warning("malformed purge broadcast ignored")
            return False
        self.apply(payload)
        return True

    async def _listen(self) -> None:
        delay = RETRY_FIRST_SECONDS
        lost = False
        while True:
            client = redis.Redis.from_url(
                self.url, socket_connect_timeout=1, health_check_interval=15
            )
            pubsub = client.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(self.channel)
                if lost:
                    self.forget_all()
                self.subscribed.set()
                delay = RETRY_FIRST_SECONDS
                async for message in pubsub.listen():
                    if message.get("type") == "message":
                        self.receive(message["data"])
                lost = True  # the connection ended: subscribe again
                self.subscribed.clear()
            except asyncio.CancelledError:
                raise
            except Exception as error:  # noqa: BLE001 - never let the listener die
                if not lost:
                    logger.warning("purge broadcast: lost Redis (%s), retrying", error)
                lost = True
                self.subscribed.clear()
            finally:
                with contextlib.suppress(Exception):
                    await pubsub.aclose()
                    await client.aclose()
            await asyncio.sleep(delay)
            delay = min(delay * 2, RETRY_MAX_SECONDS)
