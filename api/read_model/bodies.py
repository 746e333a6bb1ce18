"""Stored bodies this process has read lately, by version: an accelerator, never a source.

A page of 100 partner documents is 0.9 MB. Read from the database at every request, then
searched for the origin placeholder and copied with the request's origin put in, it costs
more than everything else the request does. A document's version changes whenever its body
does (store.refresh), so a body kept here under its version is exactly what the database
holds under that version: a request asks the database for versions, and for the bodies of
those it does not hold (store.documents_by_id). Bounded in bytes; an entry not found is
read from the database as before.
"""

import threading
from collections import OrderedDict

BYTES_KEPT = 48 * 2**20  # per process
_kept: OrderedDict = OrderedDict()  # (kind, object id, variant) -> _Entry
_size = 0
_lock = threading.Lock()


class _Entry:
    __slots__ = ("version", "raw", "at_origin", "size")

    def __init__(self, version: int, raw: bytes):
        self.version = version
        self.raw = raw
        self.at_origin: dict[str, bytes] = {}
        self.size = len(raw)


def known_version(key: tuple) -> int | None:
    """The version kept for (kind, object id, variant), if any."""
    entry = _kept.get(key)
    return None if entry is None else entry.version


def raw(key: tuple, version: int) -> bytes | None:
    """The body kept for this version (placeholder origin), or None."""
    entry = _kept.get(key)
    return entry.raw if entry is not None and entry.version == version else None


def keep(key: tuple, version: int, body: bytes) -> None:
    with _lock:
        entry = _kept.get(key)
        if entry is not None and entry.version == version:
            return
        _put(key, _Entry(version, body))


def at_origin(key: tuple, version: int, read, placeholder: bytes, here: str) -> bytes:
    """The body (`read()` when not held) with this origin in place of the placeholder,
    kept beside it."""
    entry = _kept.get(key)
    if entry is not None and entry.version == version:
        found = entry.at_origin.get(here)
        if found is not None:
            with _lock:
                if key in _kept:
                    _kept.move_to_end(key)
            return found
    body = entry.raw if entry is not None and entry.version == version else read()
    substituted = body.replace(placeholder, here.encode())
    with _lock:
        entry = _kept.get(key)
        if entry is None or entry.version != version:
            entry = _Entry(version, body)
            _put(key, entry)
        if here not in entry.at_origin:
            entry.at_origin[here] = substituted
            entry.size += len(substituted)
            _grow(len(substituted))
    return substituted


def _put(key: tuple, entry: _Entry) -> None:
    global _size
    old = _kept.pop(key, None)
    if old is not None:
        _size -= old.size
    _kept[key] = entry
    _grow(entry.size)


def _grow(size: int) -> None:
    global _size
    _size += size
    while _size > BYTES_KEPT and _kept:
        _, dropped = _kept.popitem(last=False)
        _size -= dropped.size


def forget_all() -> None:
    global _size
    with _lock:
        _kept.clear()
        _size = 0
