"""Query parameters: every endpoint declares the ones it takes; anything else is refused.

Values are parsed here into Python values, so views never hand raw request data to the ORM.
"""

import datetime
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.utils import OpenApiParameter

from .errors import invalid_parameter, not_found

MAX_VALUE_LENGTH = 500
MAX_LIMIT = 100
DEFAULT_LIMIT = 20
MAX_OFFSET = 10_000
LOCALES = ("fr", "en")
DEFAULT_LOCALE = "fr"
# ASCII only, whole value: `\d` and `\w` accept any script's digits and letters (int("١٢")
# is 12), and `$` accepts a trailing newline.
SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]+$")
SLUGS_RE = re.compile(r"[-a-zA-Z0-9_]+(,[-a-zA-Z0-9_]+)*")
INT_RE = re.compile(r"-?[0-9]{1,12}")
ID_RE = re.compile(r"[0-9]{1,10}")
MAX_ID = 2**31 - 1


@dataclass(frozen=True)
class Param:
    name: str
    kind: str  # "str", "int", "choice", "slug", "slugs", "datetime", "path"
    description: str
    default: object = None
    choices: tuple = ()
    minimum: int | None = None
    maximum: int | None = None
    required: bool = False

    def parse(self, raw: str):
        if self.kind == "int":
            if not INT_RE.fullmatch(raw):
                raise invalid_parameter(self.name, f"“{self.name}” must be a whole number.")
            value = int(raw)
            if self.minimum is not None and value < self.minimum:
                raise invalid_parameter(self.name, f"“{self.name}” must be ≥ {self.minimum}.")
            if self.maximum is not None and value > self.maximum:
                raise invalid_parameter(self.name, f"“{self.name}” must be ≤ {self.maximum}.")
            return value
        if self.kind == "choice":
            if raw not in self.choices:
                allowed = ", ".join(self.choices)
                raise invalid_parameter(self.name, f"“{self.name}” must be one of: {allowed}.")
            return raw
        if self.kind == "slug":
            if not SLUG_RE.fullmatch(raw):
                raise invalid_parameter(self.name, f"“{self.name}” must be a slug.")
            return raw
        if self.kind == "slugs":
            # Exactly what the schema says: no empty item, no space around the commas.
            if not SLUGS_RE.fullmatch(raw):
                raise invalid_parameter(
                    self.name, f"“{self.name}” must be one or more slugs separated by commas."
                )
            return raw.split(",")
        if self.kind == "datetime":
            return parse_instant(self.name, raw)
        if self.kind == "path":
            return parse_path(self.name, raw)
        value = raw.strip()
        if not value:
            raise invalid_parameter(self.name, f"“{self.name}” must not be empty.")
        return value


def parse_instant(name: str, raw: str) -> datetime.datetime:
    try:
        value = parse_datetime(raw)
        if value is None:
            day = parse_date(raw)
            if day is not None:
                value = datetime.datetime.combine(day, datetime.time.min)
    except ValueError:
        value = None
    if value is None:
        raise invalid_parameter(
            name, f"“{name}” must be an ISO 8601 date or date-time, e.g. 2025-03-01."
        )
    return bounded_instant(name, value)


# Instants far from now overflow when the database or the time zone shifts them (year 1 or
# 9999 with an offset): nothing Terrain publishes lies outside these years.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2199


def bounded_instant(name: str, value: datetime.datetime) -> datetime.datetime:
    """The instant, aware, if its year lies between 1900 and 2199; else a 400 problem."""
    try:
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        value.astimezone(datetime.UTC)  # what the database will do with it
        inside = EARLIEST_YEAR <= value.year <= LATEST_YEAR
    except (OverflowError, ValueError):
        inside = False
    if not inside:
        raise invalid_parameter(name, f"“{name}” must lie between the years 1900 and 2199.")
    return value


LOCALE = Param(
    "locale",
    "choice",
    "Language of the content: fr (default) or en.",
    default=DEFAULT_LOCALE,
    choices=LOCALES,
)
LOCALE_CHECK = Param(
    "locale",
    "choice",
    "If given, the object must be in this language (fr or en), else 404.",
    choices=LOCALES,
)
LIMIT = Param(
    "limit",
    "int",
    "How many items per page (1–100).",
    default=DEFAULT_LIMIT,
    minimum=1,
    maximum=MAX_LIMIT,
)
OFFSET = Param("offset", "int", "How many items to skip.", default=0, minimum=0, maximum=MAX_OFFSET)


@dataclass(frozen=True)
class ParamSpec:
    """The parameters one endpoint accepts."""

    params: tuple[Param, ...] = ()
    paginated: bool = False
    # Objects addressed by id carry their own locale: there `locale` is only a check.
    locale_default: bool = True
    by_name: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        locale = LOCALE if self.locale_default else LOCALE_CHECK
        params = (locale,) + ((LIMIT, OFFSET) if self.paginated else ()) + self.params
        object.__setattr__(self, "params", params)
        object.__setattr__(self, "by_name", {p.name: p for p in params})

    def parse(self, query) -> dict:
        values = {p.name: p.default for p in self.params}
        for name in query:
            if name not in self.by_name:
                shown = name if len(name) <= 50 else name[:50] + "…"
                shown = shown.replace("\x00", "\\0")
                known = ", ".join(sorted(self.by_name))
                raise invalid_parameter(
                    shown, f"Unknown parameter “{shown}”. This endpoint accepts: {known}."
                )
            raws = query.getlist(name)
            if len(raws) > 1:
                raise invalid_parameter(name, f"“{name}” is given more than once.")
            raw = raws[0]
            if "\x00" in raw:
                raise invalid_parameter(name, f"“{name}” contains a NUL byte.")
            if len(raw) > MAX_VALUE_LENGTH:
                raise invalid_parameter(
                    name, f"“{name}” is longer than {MAX_VALUE_LENGTH} characters."
                )
            values[name] = self.by_name[name].parse(raw)
        for param in self.params:
            if param.required and values[param.name] is None:
                raise invalid_parameter(param.name, f"“{param.name}” is required.")
        return values

    def openapi(self) -> list[OpenApiParameter]:
        return [openapi_parameter(p) for p in self.params]


def openapi_parameter(param: Param) -> OpenApiParameter:
    schema = {"type": "string"}
    if param.kind == "int":
        schema = {"type": "integer", "minimum": param.minimum, "maximum": param.maximum}
    elif param.kind == "choice":
        schema = {"type": "string", "enum": list(param.choices)}
    elif param.kind == "datetime":
        # The years bounded_instant() accepts, said where clients (and Schemathesis) read them.
        schema = {
            "type": "string",
            "format": "date-time",
            "pattern": r"^(19[0-9]{2}|2[01][0-9]{2})-",  # EARLIEST_YEAR to LATEST_YEAR
        }
    elif param.kind == "slug":
        schema = {"type": "string", "pattern": SLUG_RE.pattern, "maxLength": MAX_VALUE_LENGTH}
    elif param.kind == "slugs":
        schema = {
            "type": "string",
            "pattern": f"^{SLUGS_RE.pattern}$",
            "maxLength": MAX_VALUE_LENGTH,
        }
    elif param.kind == "path":
        schema = {
            "type": "string",
            "pattern": r"^/([^/\x00][^\x00]*)?$",
            "maxLength": MAX_VALUE_LENGTH,
        }
    else:
        # At least one visible character, and no NUL byte (refused with a 400).
        schema = {
            "type": "string",
            "pattern": r"^[^\x00]*\S[^\x00]*$",
            "maxLength": MAX_VALUE_LENGTH,
        }
    schema = {k: v for k, v in schema.items() if v is not None}
    if param.default is not None:
        schema["default"] = param.default
    return OpenApiParameter(
        param.name,
        schema,
        OpenApiParameter.QUERY,
        required=param.required,
        description=param.description,
    )


def path_id(raw: str) -> int:
    """An id from the URL path; anything that can't be one is simply not found."""
    if not ID_RE.fullmatch(raw) or int(raw) > MAX_ID:
        raise not_found()
    return int(raw)


def path_slug(raw: str) -> str:
    if "\x00" in raw:
        raise invalid_parameter("slug", "The slug contains a NUL byte.")
    if len(raw) > MAX_VALUE_LENGTH:
        raise invalid_parameter("slug", f"The slug is longer than {MAX_VALUE_LENGTH} characters.")
    if not SLUG_RE.fullmatch(raw):
        raise not_found()
    return raw


def parse_path(name: str, raw: str) -> str:
    """A reader-site path: starts with one slash (two would name a host), and is something
    urllib can split (`//[` and other broken netlocs raise ValueError there)."""
    if not raw.startswith("/") or raw.startswith("//"):
        raise invalid_parameter(name, f"“{name}” must be a path starting with a single /.")
    try:
        urlsplit(raw)
    except ValueError:
        raise invalid_parameter(name, f"“{name}” is not a valid path.") from None
    return raw
